import { pino } from 'pino';
import { readEnv } from './env.ts';
import { type MailStackHandle, startMailStack } from './index.ts';

const env = readEnv();
const log = pino({ name: 'mail-stack', level: env.logLevel });

async function main(): Promise<void> {
  const stack = await startMailStack({
    runtimeDir: env.runtimeDir,
    identityUrl: env.identityUrl,
    ports: env.ports,
    logger: log,
  });
  process.stdout.write(describe(stack));

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A second Ctrl-C means "now": skip waiting for Dovecot.
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'mail stack stopping');
    stack.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'mail stack did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await warnIfIdentityUnreachable();
}

// Only a hint for people starting the stack by hand: logins need the stand-in, start does not.
async function warnIfIdentityUnreachable(): Promise<void> {
  const healthUrl = `${env.identityUrl.replace(/\/+$/, '')}/_stub/health`;
  const reachable = await fetch(healthUrl, { signal: AbortSignal.timeout(1000) }).then(
    (response) => response.ok,
    () => false,
  );
  if (!reachable) {
    log.warn(
      { identityUrl: env.identityUrl },
      'identity stand-in not reachable; XOAUTH2 will fail',
    );
  }
}

function describe(stack: MailStackHandle): string {
  const { host, ports } = stack;
  const rows = [
    ['POP3 (STLS)', `${host}:${ports.pop3}`],
    ['POP3 (implicit TLS)', `${host}:${ports.pop3s}`],
    ['SMTP (STARTTLS)', `${host}:${ports.submission}`],
    ['SMTP (implicit TLS)', `${host}:${ports.smtps}`],
    ['control (HTTP)', `http://${host}:${ports.control}/_control/state`],
    ['CA certificate', stack.caCertPath],
    ['Dovecot log', stack.dovecotLogPath],
    ['identity', env.identityUrl],
  ];
  const lines = rows.map(([label, value]) => `  ${label?.padEnd(22)}${value}`);
  return `mail stack ready (Ctrl-C stops it)\n${lines.join('\n')}\n`;
}

main().catch((error: unknown) => {
  log.error({ err: error }, 'mail stack failed to start');
  process.exit(1);
});

import { createHash } from 'node:crypto';
import { chmod, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { buildAccountBook, listMailboxes } from './accounts.ts';
import { startControlServer } from './control-server.ts';
import { MailStackControls } from './controls.ts';
import { type DovecotLayout, writeDovecotConfig } from './dovecot/config.ts';
import { FullAccessGrants } from './dovecot/full-access.ts';
import { type DovecotProcess, startDovecot } from './dovecot/process.ts';
import { resolvePorts } from './free-port.ts';
import { introspectionUrl } from './introspection.ts';
import { assertSearchable, resolveMailOwner } from './mail-owner.ts';
import { MaildirStore } from './maildir.ts';
import { MailSink } from './sink.ts';
import { startSubmissionServers } from './smtp/submission-server.ts';
import { ensureTlsFiles } from './tls-certificates.ts';
import type { MailStackHandle, MailStackOptions, MailStackPorts } from './types.ts';

export {
  DEFAULT_FULL_ACCESS,
  DEFAULT_OAUTH_USERS,
  DEFAULT_PASSWORD_USERS,
  DEFAULT_SEND_AS,
} from './accounts.ts';
export { type AccountSwitches, MailStackControls } from './controls.ts';
export { FullAccessGrants } from './dovecot/full-access.ts';
export { MailSink, type SinkMessage } from './sink.ts';
export { SMTP_HOSTNAME } from './smtp/microsoft-replies.ts';
export type * from './types.ts';

/** What Exchange Online wants in a token for POP3 and for SMTP AUTH. */
export const DEFAULT_POP3_SCOPE = 'POP.AccessAsUser.All';
export const DEFAULT_SMTP_SCOPE = 'SMTP.Send';

export const DEFAULT_PORTS: Readonly<MailStackPorts> = {
  pop3: 11110,
  pop3s: 11995,
  submission: 10587,
  smtps: 10465,
  control: 10580,
};

/**
 * Starts the test mail stack: Dovecot for POP3 (STLS and implicit TLS) and an smtp-server for
 * submission (STARTTLS and implicit TLS), both on 127.0.0.1, both accepting XOAUTH2 tokens of
 * the identity stand-in and passwords of the password accounts.
 */
export async function startMailStack(options: MailStackOptions): Promise<MailStackHandle> {
  const log = (options.logger ?? pino({ name: 'mail-stack', level: 'warn' })).child({
    component: 'mail-stack',
  });
  const runtimeDir = path.resolve(options.runtimeDir);
  await mkdir(runtimeDir, { recursive: true });
  // Dovecot's unprivileged processes read config and Maildirs below this directory.
  await chmod(runtimeDir, 0o755);
  const owner = await resolveMailOwner();
  await assertSearchable(runtimeDir, owner);

  const wanted = { ...DEFAULT_PORTS, ...options.ports };
  const pop3Scope = pickScope(options.pop3Scope, DEFAULT_POP3_SCOPE);
  const smtpScope = pickScope(options.smtpScope, DEFAULT_SMTP_SCOPE);
  // Only Dovecot needs its ports before it starts; the Node servers bind port 0 themselves.
  const dovecotPorts = await resolvePorts({ pop3: wanted.pop3, pop3s: wanted.pop3s });
  const book = buildAccountBook(options.users, options.passwordUsers);
  const tls = await ensureTlsFiles(path.join(runtimeDir, 'tls'), log);
  const layout = planLayout(runtimeDir);
  const maildirs = new MaildirStore(layout.mailRoot, owner);
  for (const mailbox of listMailboxes(book)) {
    await maildirs.ensure(mailbox);
  }

  const { configPath, fullAccessPath } = await writeDovecotConfig({
    layout,
    ports: dovecotPorts,
    tls,
    introspectionUrl: introspectionUrl(options.identityUrl),
    pop3Scope,
    passwordUsers: book.passwordUsers,
    owner,
  });
  const fullAccess = await FullAccessGrants.create(fullAccessPath, options.fullAccess);
  const dovecot = await startDovecot({ configPath, layout, pop3Port: dovecotPorts.pop3, log });

  const controls = new MailStackControls(options.sendAs);
  const sink = new MailSink(options.sinkLimit);
  const servers = await startNodeServers(dovecot, async () => {
    const context = { identityUrl: options.identityUrl, smtpScope, book, log };
    const smtp = await startSubmissionServers(
      { ...context, controls, sink, maildirs, tls },
      { submission: wanted.submission, smtps: wanted.smtps },
    );
    const control = await startControlServer(
      { controls, fullAccess, sink, maildirs, log },
      wanted.control,
    );
    return { smtp, control };
  });

  const ports: MailStackPorts = {
    ...dovecotPorts,
    ...servers.smtp.ports,
    control: servers.control.port,
  };
  log.info({ ports, caCertPath: tls.caCertPath }, 'mail stack ready');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await Promise.all([servers.smtp.close(), servers.control.close()]);
      await dovecot.stop();
    })();
    return closing;
  };

  return {
    host: '127.0.0.1',
    ports,
    caCertPath: tls.caCertPath,
    runtimeDir,
    dovecotLogPath: layout.logPath,
    controls,
    fullAccess,
    sink,
    deliverToMaildir: (email, raw) => maildirs.deliver(email, raw),
    listMaildir: (email) => maildirs.list(email),
    close,
  };
}

/** Stops Dovecot again when a Node server cannot start, so no orphan keeps the POP3 ports. */
async function startNodeServers<T>(dovecot: DovecotProcess, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    await dovecot.stop();
    throw error;
  }
}

function pickScope(value: string | null | undefined, fallback: string): string | undefined {
  if (value === null) {
    return undefined;
  }
  return value ?? fallback;
}

function planLayout(runtimeDir: string): DovecotLayout {
  const configDir = path.join(runtimeDir, 'dovecot');
  let baseDir = path.join(configDir, 'run');
  // Dovecot's sockets live in base_dir and a socket path must fit in 108 bytes (sun_path);
  // its longest socket names are about 30 characters.
  if (baseDir.length > 70) {
    const digest = createHash('sha256').update(runtimeDir).digest('hex').slice(0, 12);
    baseDir = path.join(os.tmpdir(), `postwerk-dovecot-${digest}`);
  }
  return {
    configDir,
    baseDir,
    stateDir: path.join(configDir, 'state'),
    logPath: path.join(configDir, 'dovecot.log'),
    mailRoot: path.join(runtimeDir, 'mail'),
  };
}

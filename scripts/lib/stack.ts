import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { applyMigrations, toAppRoleUrl } from '../../packages/db/src/index.ts';
import { type Service, startService, stopServices, waitForHttp } from './processes.ts';
import { loadOrCreateSecrets, REPO_ROOT, type StackProfile } from './stack-profile.ts';

export type RunningStack = {
  profile: StackProfile;
  webUrl: string;
  apiUrl: string;
  identityUrl: string;
  mailControlUrl: string;
  services: Service[];
  stop(): Promise<void>;
};

const TSX = ['--import', 'tsx'];

/**
 * Starts the whole product locally: database migrated and seeded, the Microsoft identity
 * stand-in, the test mail stack, API, worker and portal. Each service logs to
 * `<runDir>/logs/<name>.log`.
 */
export async function startStack(profile: StackProfile): Promise<RunningStack> {
  const secrets = loadOrCreateSecrets(profile);
  const logDir = join(profile.runDir, 'logs');
  const webUrl = `http://localhost:${profile.webPort}`;
  const apiUrl = `http://127.0.0.1:${profile.apiPort}`;
  const identityUrl = `http://127.0.0.1:${profile.identityPort}`;
  const redirectUri = `${webUrl}/api/auth/microsoft/callback`;
  const mailDir = profile.mailDir;
  const services: Service[] = [];
  const start = (options: Omit<Parameters<typeof startService>[0], 'logDir'>) => {
    const service = startService({ ...options, logDir });
    services.push(service);
    return service;
  };

  try {
    await applyMigrations(profile.databaseUrl, { createDatabase: true });
    runOrThrow('seed', process.execPath, [...TSX, 'prisma/seed.ts'], {
      DATABASE_URL: profile.databaseUrl,
    });

    const identity = start({
      name: 'identity',
      command: process.execPath,
      args: [...TSX, 'src/main.ts'],
      cwd: join(REPO_ROOT, 'e2e/stubs/ms-identity'),
      env: {
        MS_STUB_PORT: String(profile.identityPort),
        MS_STUB_HOST: '127.0.0.1',
        MS_STUB_PUBLIC_URL: identityUrl,
        MS_STUB_REDIRECT_URIS: redirectUri,
      },
    });
    await waitForHttp(
      `${identityUrl}/organizations/v2.0/.well-known/openid-configuration`,
      20_000,
      identity,
    );

    const dns = start({
      name: 'dns',
      command: process.execPath,
      args: [...TSX, 'src/main.ts'],
      cwd: join(REPO_ROOT, 'e2e/stubs/dns'),
      env: { DNS_STUB_PORT: String(profile.dnsPort) },
    });
    await waitForLogLine(dns, 'dns stub listening', 20_000);

    const mail = start({
      name: 'mail-stack',
      command: process.execPath,
      args: [...TSX, 'src/main.ts'],
      cwd: join(REPO_ROOT, 'e2e/stubs/mail-stack'),
      env: {
        MAIL_STACK_DIR: mailDir,
        MAIL_STACK_IDENTITY_URL: identityUrl,
        MAIL_STACK_POP3_PORT: String(profile.mailPorts.pop3),
        MAIL_STACK_POP3S_PORT: String(profile.mailPorts.pop3s),
        MAIL_STACK_SUBMISSION_PORT: String(profile.mailPorts.submission),
        MAIL_STACK_SMTPS_PORT: String(profile.mailPorts.smtps),
        MAIL_STACK_CONTROL_PORT: String(profile.mailPorts.control),
      },
    });
    const caCertPath = await waitForFile(join(mailDir, 'tls', 'ca.pem'), 20_000, mail);
    await waitForLogLine(mail, 'mail stack ready', 20_000);

    const backendEnv = {
      // API and worker connect as the application role, so row-level security applies;
      // migrations and the seed above run as the owner (profile.databaseUrl).
      DATABASE_URL: toAppRoleUrl(profile.databaseUrl),
      REDIS_URL: profile.redisUrl,
      SECRETS_KEYRING: secrets.keyring,
      COOKIE_SECRET: secrets.cookieSecret,
      PUBLIC_WEB_URL: webUrl,
      MS_AUTHORITY_URL: identityUrl,
      MS_TENANT: 'organizations',
      MS_CLIENT_ID: 'postwerk-local',
      MS_CLIENT_SECRET: 'postwerk-local-secret',
      MS_REDIRECT_URI: redirectUri,
      MS365_SMTP_HOST: 'localhost',
      MS365_SMTP_PORT: String(profile.mailPorts.submission),
      MS365_POP3_HOST: 'localhost',
      MS365_POP3_PORT: String(profile.mailPorts.pop3s),
      // The mail stack's own CA: TLS is verified for real, against a local root.
      NODE_EXTRA_CA_CERTS: caCertPath,
      QUEUE_PREFIX: `postwerk-${profile.name}`,
      // No internet here: deliverability checks ask the local demo zone.
      DNS_SERVERS: `127.0.0.1:${profile.dnsPort}`,
    };
    const api = start({
      name: 'api',
      command: process.execPath,
      args: [...TSX, 'src/server.ts'],
      cwd: join(REPO_ROOT, 'apps/api'),
      env: { ...backendEnv, API_PORT: String(profile.apiPort), API_HOST: '127.0.0.1' },
    });
    await waitForHttp(`${apiUrl}/readyz`, 30_000, api);

    const worker = start({
      name: 'worker',
      command: process.execPath,
      args: [...TSX, 'src/index.ts'],
      cwd: join(REPO_ROOT, 'apps/worker'),
      env: backendEnv,
    });
    await waitForLogLine(worker, 'worker ready', 30_000);

    const webEnv = { API_INTERNAL_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1' };
    runOrThrow('web build', 'pnpm', ['--filter', '@postwerk/web', 'run', 'build'], webEnv);
    const web = start({
      name: 'web',
      command: 'pnpm',
      args: ['exec', 'next', 'start', '-p', String(profile.webPort)],
      cwd: join(REPO_ROOT, 'apps/web'),
      env: webEnv,
    });
    await waitForHttp(`${webUrl}/anmelden`, 60_000, web);
  } catch (error) {
    await stopServices(services);
    throw error;
  }

  return {
    profile,
    mailControlUrl: `http://127.0.0.1:${profile.mailPorts.control}`,
    webUrl,
    apiUrl,
    identityUrl,
    services,
    stop: () => stopServices([...services].reverse()),
  };
}

function runOrThrow(name: string, command: string, args: string[], env: Record<string, string>) {
  const result = spawnSync(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    throw new Error(`${name} failed with exit code ${result.status}`);
  }
}

async function waitForFile(path: string, timeoutMs: number, service: Service): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (service.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`${service.name} did not create ${path}; see ${service.logFile}`);
    }
    await sleep(100);
  }
  return path;
}

async function waitForLogLine(service: Service, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(existsSync(service.logFile) && readFileSync(service.logFile, 'utf8').includes(text))) {
    if (service.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`${service.name} did not log "${text}"; see ${service.logFile}`);
    }
    await sleep(100);
  }
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export type StackProfile = {
  name: 'demo' | 'e2e';
  webPort: number;
  apiPort: number;
  identityPort: number;
  dnsPort: number;
  mailPorts: { pop3: number; pop3s: number; submission: number; smtps: number; control: number };
  /** Outside the checkout: Dovecot reads mail as its own user, which needs every parent o+x. */
  mailDir: string;
  databaseUrl: string;
  redisUrl: string;
  runDir: string;
};

const POSTGRES = process.env.POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const REDIS = process.env.REDIS_BASE_URL ?? 'redis://127.0.0.1:6379';

// The demo and the browser tests use different ports, database and Redis index, so a
// running demo never disturbs a test run on the same machine.
export const PROFILES: Record<StackProfile['name'], StackProfile> = {
  demo: {
    name: 'demo',
    webPort: 3000,
    apiPort: 4000,
    identityPort: 4011,
    dnsPort: 5353,
    mailPorts: { pop3: 11110, pop3s: 11995, submission: 10587, smtps: 10465, control: 10580 },
    mailDir: join(tmpdir(), 'postwerk-demo-mail-stack'),
    databaseUrl: `${POSTGRES}/postwerk`,
    redisUrl: `${REDIS}/0`,
    runDir: join(REPO_ROOT, '.run', 'demo'),
  },
  e2e: {
    name: 'e2e',
    webPort: 3100,
    apiPort: 4100,
    identityPort: 4111,
    dnsPort: 5354,
    mailPorts: { pop3: 12110, pop3s: 12995, submission: 12587, smtps: 12465, control: 12580 },
    mailDir: join(tmpdir(), 'postwerk-e2e-mail-stack'),
    databaseUrl: `${POSTGRES}/postwerk_e2e`,
    redisUrl: `${REDIS}/3`,
    runDir: join(REPO_ROOT, '.run', 'e2e'),
  },
};

export type StackSecrets = { keyring: string; cookieSecret: string };

/** Random secrets for this machine's stack, created once and kept in the (ignored) run dir. */
export function loadOrCreateSecrets(profile: StackProfile): StackSecrets {
  mkdirSync(profile.runDir, { recursive: true });
  const file = join(profile.runDir, 'secrets.json');
  if (existsSync(file)) {
    return JSON.parse(readFileSync(file, 'utf8'));
  }
  const secrets = {
    keyring: `${profile.name}1:${randomBytes(32).toString('base64')}`,
    cookieSecret: randomBytes(32).toString('hex'),
  };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

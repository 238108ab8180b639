import { randomBytes } from 'node:crypto';
import { applyMigrations } from '@postwerk/db';

/** Where the bench runs; its own database, a Redis DB of its own, 127.0.0.1 only. */
export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postwerk_bench';
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/2';

/**
 * The bench database as the application role `postwerk_app` (created by the migrations), which
 * row-level security binds: what API and worker connect as in production.
 */
export function appDatabaseUrlOf(url = BENCH_DATABASE_URL): string {
  const appUrl = new URL(url);
  appUrl.username = 'postwerk_app';
  appUrl.password = '';
  return appUrl.toString();
}

export type BenchSecrets = { keyring: string; cookieSecret: string; prefix: string };

/** Fresh secrets and a random queue prefix per run, so runs never see each other's jobs. */
export function createBenchSecrets(tag: string): BenchSecrets {
  return {
    keyring: `bench:${randomBytes(32).toString('base64')}`,
    cookieSecret: randomBytes(32).toString('hex'),
    prefix: `bench-${tag}-${randomBytes(4).toString('hex')}`,
  };
}

export async function prepareDatabase(url = BENCH_DATABASE_URL): Promise<void> {
  await applyMigrations(url, { createDatabase: true });
}

/** The worker's environment for a bench run, as strings for a child process. */
export function workerEnvOf(
  secrets: BenchSecrets,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: BENCH_DATABASE_URL,
    REDIS_URL: BENCH_REDIS_URL,
    SECRETS_KEYRING: secrets.keyring,
    QUEUE_PREFIX: secrets.prefix,
    // info, as in production: the worker logs one line per job, and 'worker ready'.
    LOG_LEVEL: 'info',
    // Every run has a fresh queue prefix on one shared database: restoring the poll schedulers
    // of all earlier runs' mailboxes would poll servers long gone.
    RECOVERY_RESTORE_SCHEDULERS: 'false',
    ...overrides,
  };
}

import { randomBytes } from 'node:crypto';
import { type Env, parseEnv } from '../../src/env.ts';

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postwerk_test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/1';

/** A complete environment for tests; `overrides` wins. */
export function buildTestEnv(overrides: Record<string, string> = {}): Env {
  return parseEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    SECRETS_KEYRING: `test:${randomBytes(32).toString('base64')}`,
    COOKIE_SECRET: randomBytes(32).toString('hex'),
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    ...overrides,
  });
}

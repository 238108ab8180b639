import { buildApp } from '@postwerk/api/src/app.ts';
import { parseEnv } from '@postwerk/api/src/env.ts';
import { createPrismaClient, type PrismaClient, parseKeyring, SecretBox } from '@postwerk/db';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { BENCH_DATABASE_URL, BENCH_REDIS_URL, type BenchSecrets } from './bench-env.ts';

type App = Awaited<ReturnType<typeof buildApp>>;
type InjectOptions = { method: 'GET' | 'POST'; url: string; payload?: object };

export type BenchApi = {
  app: App;
  prisma: PrismaClient;
  redis: Redis;
  close(): Promise<void>;
};

/** The real API (buildApp) on the bench database and Redis; logs at warn, as load would. */
export async function startBenchApi(
  secrets: BenchSecrets,
  overrides: Record<string, string> = {},
): Promise<BenchApi> {
  const env = parseEnv({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: BENCH_DATABASE_URL,
    REDIS_URL: BENCH_REDIS_URL,
    SECRETS_KEYRING: secrets.keyring,
    COOKIE_SECRET: secrets.cookieSecret,
    QUEUE_PREFIX: secrets.prefix,
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    ...overrides,
  });
  const logger = pino({ level: env.LOG_LEVEL });
  const prisma = createPrismaClient({ databaseUrl: env.DATABASE_URL });
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  redis.on('error', () => {});
  const secretBox = new SecretBox(parseKeyring(env.SECRETS_KEYRING));
  const app = await buildApp({ env, prisma, redis, secretBox, logger });
  await app.ready();
  return {
    app,
    prisma,
    redis,
    async close() {
      await app.close();
      await prisma.$disconnect();
      await redis.quit();
    },
  };
}

export type SignedIn = { headers: Record<string, string> };

/** Signs in like the portal does (CSRF token, then login) and returns the request headers. */
export async function signIn(app: App, email: string, password: string) {
  const cookies = new Map<string, string>();
  let csrfToken = '';
  const call = async (options: InjectOptions) => {
    const headers: Record<string, string> = {
      cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      'x-csrf-token': csrfToken,
    };
    const response = await app.inject({ ...options, headers });
    for (const cookie of response.cookies) {
      cookies.set(cookie.name, cookie.value);
    }
    return response;
  };
  csrfToken = (await call({ method: 'GET', url: '/api/auth/session' })).json().csrfToken;
  const login = await call({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
  });
  if (login.statusCode !== 200) {
    throw new Error(`sign-in failed: ${login.statusCode} ${login.body}`);
  }
  csrfToken = login.json().csrfToken ?? csrfToken;
  const headers = {
    cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    'x-csrf-token': csrfToken,
  };
  return { headers } satisfies SignedIn;
}

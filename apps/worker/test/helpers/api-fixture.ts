import { randomBytes } from 'node:crypto';
import { buildApp } from '@postwerk/api/src/app.ts';
import { parseEnv } from '@postwerk/api/src/env.ts';
import {
  createPrismaClient,
  hashPassword,
  parseKeyring,
  SecretBox,
  toAppRoleUrl,
} from '@postwerk/db';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { inject } from 'vitest';
import { TEST_DATABASE_URL } from './global-setup.ts';
import type { WorkerFixture } from './worker-fixture.ts';

type App = Awaited<ReturnType<typeof buildApp>>;
type InjectOptions = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: object;
  headers?: Record<string, string>;
};
export type ApiResponse = Awaited<ReturnType<typeof injectInto>>;

export type ApiFixture = {
  app: App;
  /** Adds a firm admin to `tenantId` and signs in as them, as the portal would. */
  signInAdminOf(tenantId: string): Promise<ApiSession>;
  close(): Promise<void>;
};

/**
 * The real API (buildApp, inject) on the worker fixture's database, Redis and queue prefix,
 * so what it accepts is what the fixture's workers process. It connects as the application
 * role, so row-level security applies as in production.
 */
export async function startApi(f: WorkerFixture): Promise<ApiFixture> {
  const env = parseEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    DATABASE_URL: toAppRoleUrl(TEST_DATABASE_URL),
    REDIS_URL: f.env.REDIS_URL,
    SECRETS_KEYRING: f.env.SECRETS_KEYRING,
    COOKIE_SECRET: randomBytes(32).toString('hex'),
    QUEUE_PREFIX: f.env.QUEUE_PREFIX,
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    MS_AUTHORITY_URL: inject('identityUrl'),
  });
  const prisma = createPrismaClient({ databaseUrl: env.DATABASE_URL, maxConnections: 8 });
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  const secretBox = new SecretBox(parseKeyring(env.SECRETS_KEYRING));
  const logger = pino({ level: env.LOG_LEVEL });
  const app = await buildApp({ env, prisma, redis, secretBox, logger });
  await app.ready();

  return {
    app,
    async signInAdminOf(tenantId) {
      const email = `admin-${randomBytes(4).toString('hex')}@worker-test.example`;
      const password = `Pw-${randomBytes(6).toString('hex')}`;
      await f.prisma.portalUser.create({
        data: {
          tenantId,
          role: 'FIRM_ADMIN',
          email,
          name: 'Test Admin',
          passwordHash: await hashPassword(password),
        },
      });
      return ApiSession.signIn(app, email, password);
    },
    async close() {
      await app.close();
      await prisma.$disconnect();
      await redis.quit();
    },
  };
}

/** A cookie jar and CSRF token over inject(): a signed-in portal user without a browser. */
export class ApiSession {
  readonly #cookies = new Map<string, string>();
  #csrfToken = '';

  private constructor(private readonly app: App) {}

  static async signIn(app: App, email: string, password: string) {
    const session = new ApiSession(app);
    await session.request({ method: 'GET', url: '/api/auth/session' });
    const login = await session.request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password },
    });
    if (login.statusCode !== 200) {
      throw new Error(`sign-in failed: ${login.statusCode} ${login.body}`);
    }
    return session;
  }

  async request(options: InjectOptions): Promise<ApiResponse> {
    const headers: Record<string, string> = {
      ...options.headers,
      cookie: [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    };
    if (options.method !== 'GET' && this.#csrfToken) {
      headers['x-csrf-token'] = this.#csrfToken;
    }
    const response = await injectInto(this.app, { ...options, headers });
    for (const cookie of response.cookies) {
      this.#cookies.set(cookie.name, cookie.value);
    }
    const token = readCsrfToken(response.body);
    if (token) {
      this.#csrfToken = token;
    }
    return response;
  }

  get(url: string) {
    return this.request({ method: 'GET', url });
  }
}

/** inject() without a callback: typed through the app, as the worker has no fastify types. */
function injectInto(app: App, options: InjectOptions) {
  return app.inject(options);
}

function readCsrfToken(body: string): string | undefined {
  try {
    const token = (JSON.parse(body) as { csrfToken?: unknown }).csrfToken;
    return typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}

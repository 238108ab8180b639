import { Writable } from 'node:stream';
import { buildLoggerOptions } from '@postwerk/contracts';
import {
  createPrismaClient,
  type PrismaClient,
  parseKeyring,
  SecretBox,
  toAppRoleUrl,
} from '@postwerk/db';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { buildApp } from '../../src/app.ts';
import type { Env } from '../../src/env.ts';
import { buildTestEnv } from './test-env.ts';

export type TestApp = {
  app: FastifyInstance;
  /** The owner's connection (bypasses row-level security): for fixtures and assertions. */
  prisma: PrismaClient;
  /** The application role's connection the app itself uses (row-level security applies). */
  appPrisma: PrismaClient;
  redis: Redis;
  env: Env;
  /** Every log line the app wrote, as raw JSON text. */
  logs: string[];
  close(): Promise<void>;
};

/** The real app on the real test database and Redis, with its logs captured. */
export async function createTestApp(envOverrides: Record<string, string> = {}): Promise<TestApp> {
  const env = buildTestEnv(envOverrides);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const logger = pino(buildLoggerOptions('debug'), sink);
  const prisma = createPrismaClient({ databaseUrl: env.DATABASE_URL, maxConnections: 4 });
  // The app connects as postwerk_app, as in production; DATABASE_URL stays the owner's.
  const appPrisma = createPrismaClient({
    databaseUrl: toAppRoleUrl(env.DATABASE_URL),
    maxConnections: 4,
  });
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  const secretBox = new SecretBox(parseKeyring(env.SECRETS_KEYRING));
  const app = await buildApp({ env, prisma: appPrisma, redis, secretBox, logger });
  await app.ready();

  return {
    app,
    prisma,
    appPrisma,
    redis,
    env,
    logs,
    async close() {
      await app.close();
      await prisma.$disconnect();
      await appPrisma.$disconnect();
      await redis.quit();
    },
  };
}

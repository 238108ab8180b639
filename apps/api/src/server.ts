import { buildLoggerOptions } from '@postwerk/contracts';
import {
  createPrismaClient,
  isRowLevelSecurityBypassed,
  parseKeyring,
  SecretBox,
} from '@postwerk/db';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { buildApp } from './app.ts';
import { EnvError, loadEnv } from './env.ts';

const env = loadEnvOrExit();
const logger = pino(buildLoggerOptions(env.LOG_LEVEL));
const prisma = createPrismaClient({ databaseUrl: env.DATABASE_URL });
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
const secretBox = new SecretBox(parseKeyring(env.SECRETS_KEYRING));
const app = await buildApp({ env, prisma, redis, secretBox, logger });

await app.listen({ host: env.API_HOST, port: env.API_PORT });
if (await isRowLevelSecurityBypassed(prisma).catch(() => false)) {
  // Known limit: only a warning, so a local setup on the owner's URL still starts; tenant
  // isolation then rests on the services' own filters alone.
  logger.warn('DATABASE_URL names a role that bypasses row-level security; use postwerk_app');
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    void shutdown();
  });
}

async function shutdown(): Promise<void> {
  // close() stops accepting connections and waits for requests in flight.
  await app.close();
  await Promise.allSettled([prisma.$disconnect(), redis.quit()]);
  process.exit(0);
}

function loadEnvOrExit() {
  try {
    return loadEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

import type { DatabasePool, PrismaClient, SecretBox } from '@postwerk/db';
import type { MicrosoftTokenService, SmtpTransportPool } from '@postwerk/mailcore';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WorkerEnv } from './env.ts';

/** What every job processor may use; built once per process in worker-runtime.ts. */
export type WorkerDeps = {
  env: WorkerEnv;
  prisma: PrismaClient;
  /** The connections `prisma` runs on, for writes Prisma would copy too often (message bytes). */
  pool: DatabasePool;
  secretBox: SecretBox;
  redis: Redis;
  log: Logger;
  tokens: MicrosoftTokenService;
  smtpPool: SmtpTransportPool;
};

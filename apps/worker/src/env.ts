import { z } from 'zod';

// The only module of the worker that reads process.env; see .env.example.
const EnvSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  SECRETS_KEYRING: z.string().min(1),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** How long a shutdown waits for jobs in flight before handing them back. */
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  QUEUE_PREFIX: z.string().min(1).default('postwerk'),
});

export type WorkerEnv = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  override name = 'EnvError';
}

export function parseWorkerEnv(source: Record<string, string | undefined>): WorkerEnv {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function loadWorkerEnv(): WorkerEnv {
  return parseWorkerEnv(process.env);
}

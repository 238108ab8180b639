import { DnsServersSchema } from '@postwerk/deliverability';
import { z } from 'zod';

// The only module of the worker that reads process.env; see .env.example.
const EnvSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  SECRETS_KEYRING: z.string().min(1),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /**
   * BullMQ job lock: a job whose worker died (SIGKILL, OOM) is taken again once its lock has
   * run out, found by the stalled check that runs every STALLED_INTERVAL. Lower both to recover
   * faster; the lock must comfortably outlast an event-loop stall of a busy worker.
   */
  WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1000).default(30_000),
  WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
  /**
   * How often one job may be orphaned by a dead worker before BullMQ fails it. BullMQ's
   * default of 1 would leave a message in SENDING, neither sent nor reported failed, after two
   * crashes while it was active; sends and polls are idempotent, so running again is safe.
   */
  WORKER_MAX_STALLED_COUNT: z.coerce.number().int().min(1).default(5),
  /**
   * The recovery sweep (recovery/recovery-sweep.ts) runs this often and queues again every
   * message left QUEUED or SENDING this long without a job in Redis (Redis lost its data, or
   * the API died between storing and queueing). Lower = faster recovery, more queries.
   */
  RECOVERY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(200).default(60_000),
  RECOVERY_STUCK_AFTER_MS: z.coerce.number().int().min(1000).default(120_000),
  /**
   * When set, every SMTP and POP3 timeout (connect, greeting, command, silence while data
   * flows) is this long instead of mailcore's defaults (30 s to connect and greet, 60–120 s
   * per command). A server that hangs then fails the job, which is retried with backoff.
   */
  MAIL_TIMEOUT_MS: z.coerce.number().int().min(100).optional(),
  /**
   * Whether the sweep recreates every fetching mailbox's poll scheduler once Redis lost them.
   * Off only where many queue prefixes share one database (benchmarks): each fresh prefix
   * looks like a Redis that lost its data.
   */
  RECOVERY_RESTORE_SCHEDULERS: z.stringbool().default(true),
  /** Port of the Prometheus /metrics endpoint on 127.0.0.1; unset = no endpoint. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** How long a shutdown waits for jobs in flight before handing them back. */
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  QUEUE_PREFIX: z.string().min(1).default('postwerk'),
  // Must match the API's values: a refresh token only works with the authority it came from.
  MS_AUTHORITY_URL: z.url().default('http://127.0.0.1:4011'),
  MS_TENANT: z.string().min(1).default('organizations'),
  MS_CLIENT_ID: z.string().min(1).default('postwerk-local'),
  MS_CLIENT_SECRET: z.string().min(1).default('postwerk-local-secret'),
  MS_REDIRECT_URI: z.url().default('http://localhost:3000/api/auth/microsoft/callback'),
  /** The vendor's relay for mailboxes that send "via relay"; unset = relay sends fail clearly. */
  RELAY_SMTP_HOST: z.string().min(1).optional(),
  RELAY_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  RELAY_SMTP_SECURITY: z.enum(['STARTTLS', 'TLS', 'NONE']).default('STARTTLS'),
  RELAY_SMTP_USER: z.string().optional(),
  RELAY_SMTP_PASSWORD: z.string().optional(),
  /** Session logs older than this are deleted by the daily maintenance job. */
  SESSION_LOG_RETENTION_DAYS: z.coerce.number().int().positive().default(14),
  /** A link unused this long gets a keep-alive refresh (Microsoft drops it after 90 days). */
  TOKEN_KEEPALIVE_DAYS: z.coerce.number().int().positive().default(60),
  /** Lifetime of a mailbox's POP3 lock, renewed while a poll runs; a dead worker frees it then. */
  POP3_LOCK_TTL_MS: z.coerce.number().int().min(500).default(60_000),
  /** Deliverability checks: the relay's domain and the resolver (see .env.example). */
  RELAY_DOMAIN: z.string().min(3).default('relay.postwerk.example'),
  DNS_SERVERS: DnsServersSchema,
  DNS_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(2500),
  DNS_TRIES: z.coerce.number().int().min(1).max(5).default(2),
  /** How long the full-loop test waits for its mail to arrive back. */
  FULL_LOOP_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
});

/** Every variable this app reads; .env.example must list each (a test checks). */
export const ENV_VARIABLE_NAMES = Object.keys(EnvSchema.shape);

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

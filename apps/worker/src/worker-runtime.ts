import { QUEUE_NAMES } from '@postwerk/contracts';
import {
  createDatabasePool,
  createPrismaClient,
  createTenantScopedClient,
  PrismaMicrosoftTokenStore,
  parseKeyring,
  runInTenant,
  SecretBox,
} from '@postwerk/db';
import { MicrosoftTokenService, SmtpTransportPool } from '@postwerk/mailcore';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WorkerDeps } from './deps.ts';
import type { WorkerEnv } from './env.ts';
import { processDeliverabilityCheck } from './jobs/deliverability-check.ts';
import { runHealthCheck } from './jobs/health-check.ts';
import { processMaintenance } from './jobs/maintenance.ts';
import { processPollPop3 } from './jobs/poll-pop3.ts';
import { processSendMail } from './jobs/send-mail.ts';
import { processSettingsTest } from './jobs/settings-test.ts';
import { createWorkerMetrics, serveMetrics, type WorkerMetrics } from './metrics.ts';
import { startRecoverySweep } from './recovery/recovery-sweep.ts';
import { scheduleMaintenance } from './recovery/restore-schedules.ts';

export type WorkerRuntime = {
  workers: Worker[];
  /** Stops taking jobs, waits up to the grace period for jobs in flight, then hands them back. */
  stop(): Promise<void>;
};

/** Starts the BullMQ workers of this process. */
export async function startWorkers(
  env: WorkerEnv,
  log: Logger,
  name: string,
): Promise<WorkerRuntime> {
  const connection = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  connection.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  const metrics = createWorkerMetrics(connection, env.QUEUE_PREFIX);
  const deps = buildDeps(env, log, connection, metrics);

  const processors: Record<string, (job: Job) => Promise<unknown>> = {
    [QUEUE_NAMES.health]: (job) =>
      runHealthCheck(job, log.child({ queue: QUEUE_NAMES.health, jobId: job.id }), name),
    [QUEUE_NAMES.sendMail]: (job) => inJobTenant(job, () => processSendMail(deps, job)),
    [QUEUE_NAMES.pollPop3]: (job) => inJobTenant(job, () => processPollPop3(deps, job)),
    [QUEUE_NAMES.settingsTest]: (job) => inJobTenant(job, () => processSettingsTest(deps, job)),
    [QUEUE_NAMES.maintenance]: (job) =>
      job.name === 'deliverability'
        ? processDeliverabilityCheck(deps, job)
        : processMaintenance(deps, job),
  };
  const workers = Object.entries(processors).map(
    ([queue, processor]) =>
      new Worker(queue, processor, {
        connection,
        prefix: env.QUEUE_PREFIX,
        concurrency: env.WORKER_CONCURRENCY,
        lockDuration: env.WORKER_LOCK_DURATION_MS,
        stalledInterval: env.WORKER_STALLED_INTERVAL_MS,
        maxStalledCount: env.WORKER_MAX_STALLED_COUNT,
        name,
      }),
  );
  metrics.instrument(workers);
  for (const worker of workers) {
    worker.on('failed', (job, err) => {
      log.warn({ queue: worker.name, jobId: job?.id, err: err.message }, 'job failed');
    });
    worker.on('error', (err) => log.warn({ queue: worker.name, err: err.message }, 'worker error'));
    await worker.waitUntilReady();
  }
  const maintenanceQueue = new Queue(QUEUE_NAMES.maintenance, {
    connection,
    prefix: env.QUEUE_PREFIX,
  });
  await scheduleMaintenance(maintenanceQueue);
  await maintenanceQueue.close();
  const sweep = startRecoverySweep(deps);
  const metricsServer = env.METRICS_PORT
    ? await serveMetrics(metrics.registry, env.METRICS_PORT, log)
    : undefined;
  log.info({ queues: workers.map((w) => w.name) }, 'worker ready');

  return {
    workers,
    async stop() {
      await sweep.stop();
      await Promise.all(workers.map((worker) => closeWithGrace(worker, env, log)));
      deps.smtpPool.closeAll();
      metricsServer?.close();
      await metrics.close();
      await deps.prisma.$disconnect();
      await deps.pool.end();
      await connection.quit();
    },
  };
}

/**
 * Runs a job's work pinned to the tenant named in its payload: every query of the processor
 * then sees that tenant's rows only (row-level security). A payload without a tenant runs in
 * no tenant and finds nothing; the processor's own parse refuses it.
 */
function inJobTenant<T>(job: Job, fn: () => Promise<T>): Promise<T> {
  const tenantId = (job.data as { tenantId?: unknown } | undefined)?.tenantId;
  return typeof tenantId === 'string' ? runInTenant(tenantId, fn) : fn();
}

function buildDeps(env: WorkerEnv, log: Logger, redis: Redis, metrics: WorkerMetrics): WorkerDeps {
  // DATABASE_URL names the application role (postwerk_app), which row-level security binds.
  const pool = createDatabasePool({ databaseUrl: env.DATABASE_URL });
  const prisma = createTenantScopedClient(createPrismaClient({ pool }));
  const secretBox = new SecretBox(parseKeyring(env.SECRETS_KEYRING));
  const tokens = new MicrosoftTokenService({
    config: {
      authorityUrl: env.MS_AUTHORITY_URL,
      tenant: env.MS_TENANT,
      clientId: env.MS_CLIENT_ID,
      clientSecret: env.MS_CLIENT_SECRET,
      redirectUri: env.MS_REDIRECT_URI,
    },
    store: new PrismaMicrosoftTokenStore(prisma, secretBox),
    redis,
    logger: log,
    refresh: metrics.countedRefresh,
  });
  const smtpPool = new SmtpTransportPool();
  return { env, prisma, pool, secretBox, redis, log, tokens, smtpPool };
}

async function closeWithGrace(worker: Worker, env: WorkerEnv, log: Logger): Promise<void> {
  // close() pauses fetching and waits for active jobs; past the grace period we force it,
  // which leaves the jobs' locks to expire so another worker picks them up again
  // (BullMQ's stalled-job check): nothing is lost, the job runs again elsewhere.
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), env.WORKER_SHUTDOWN_GRACE_MS);
  });
  const outcome = await Promise.race([worker.close().then(() => 'closed' as const), graceOver]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    log.warn({ queue: worker.name }, 'jobs still running after grace period; handing them back');
    await worker.close(true);
  }
}

import { QUEUE_NAMES } from '@postwerk/contracts';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WorkerEnv } from './env.ts';
import { runHealthCheck } from './jobs/health-check.ts';

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

  const health = new Worker(
    QUEUE_NAMES.health,
    (job: Job) =>
      runHealthCheck(job, log.child({ queue: QUEUE_NAMES.health, jobId: job.id }), name),
    { connection, prefix: env.QUEUE_PREFIX, concurrency: env.WORKER_CONCURRENCY, name },
  );
  const workers = [health];
  for (const worker of workers) {
    worker.on('failed', (job, err) => {
      log.warn({ queue: worker.name, jobId: job?.id, err: err.message }, 'job failed');
    });
    await worker.waitUntilReady();
  }
  log.info({ queues: workers.map((w) => w.name) }, 'worker ready');

  return {
    workers,
    async stop() {
      await Promise.all(workers.map((worker) => closeWithGrace(worker, env, log)));
      await connection.quit();
    },
  };
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

import { setTimeout as sleep } from 'node:timers/promises';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { z } from 'zod';

// holdMs lets an operator (and the shutdown test) see a job that is in flight for a while.
const HealthJobData = z.object({ holdMs: z.number().int().min(0).max(10_000).default(0) });

export type HealthCheckResult = { worker: string; at: string };

/**
 * Answers the health job: proves a worker is consuming from Redis. Returns which process
 * took it, so a caller can see jobs spread across workers.
 */
export async function runHealthCheck(
  job: Job,
  log: Logger,
  workerName: string,
): Promise<HealthCheckResult> {
  const { holdMs } = HealthJobData.parse(job.data ?? {});
  log.debug({ holdMs }, 'health job');
  if (holdMs > 0) {
    await sleep(holdMs);
  }
  return { worker: workerName, at: new Date().toISOString() };
}

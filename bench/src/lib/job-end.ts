import { setTimeout as sleep } from 'node:timers/promises';
import type { Job, Queue } from 'bullmq';

/**
 * Waits until `job` has completed or failed for good and returns it as stored then. A job
 * still open after `timeoutMs` counts as hung: the fault runs exist to show none is.
 */
export async function waitForJobEnd(queue: Queue, job: Job, timeoutMs = 30_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') {
      return (await queue.getJob(job.id as string)) as Job;
    }
    if (Date.now() > deadline) {
      throw new Error(`${job.name} job still ${state} after ${timeoutMs / 1000} s: a hung job`);
    }
    await sleep(100);
  }
}

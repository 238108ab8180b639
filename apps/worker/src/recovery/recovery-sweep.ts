import { QUEUE_NAMES } from '@postwerk/contracts';
import { Queue } from 'bullmq';
import type { WorkerDeps } from '../deps.ts';
import { requeueStuckSends } from './requeue-stuck-sends.ts';
import {
  hasRedisLostSchedules,
  markRestored,
  restorePollSchedulers,
  scheduleMaintenance,
} from './restore-schedules.ts';

export type RecoverySweep = { stop(): Promise<void> };

/**
 * Puts back into Redis what only PostgreSQL still knows, every RECOVERY_SWEEP_INTERVAL_MS
 * and once at start: send jobs of messages stuck in QUEUED/SENDING, and, when Redis lost its
 * data, the poll and maintenance schedulers. A timer of this process, not a BullMQ
 * repeatable job, because it must work precisely when Redis has forgotten every job.
 * Every worker process runs it; all its writes are idempotent.
 */
export function startRecoverySweep(deps: WorkerDeps): RecoverySweep {
  const { env, log, redis } = deps;
  const queue = (name: string) => new Queue(name, { connection: redis, prefix: env.QUEUE_PREFIX });
  const sendQueue = queue(QUEUE_NAMES.sendMail);
  const pollQueue = queue(QUEUE_NAMES.pollPop3);
  const maintenanceQueue = queue(QUEUE_NAMES.maintenance);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const sweep = async () => {
    const sends = await requeueStuckSends(deps, sendQueue, env.RECOVERY_STUCK_AFTER_MS);
    let schedulers = 0;
    if (env.RECOVERY_RESTORE_SCHEDULERS && (await hasRedisLostSchedules(redis, env.QUEUE_PREFIX))) {
      await scheduleMaintenance(maintenanceQueue);
      schedulers = await restorePollSchedulers(deps, pollQueue);
      await markRestored(redis, env.QUEUE_PREFIX);
    }
    if (sends.requeued + sends.abandoned + schedulers > 0) {
      log.warn({ ...sends, schedulers }, 'recovery sweep put work back');
    }
  };
  const loop = () => {
    running = sweep()
      .catch((err: Error) => log.warn({ err: err.message }, 'recovery sweep failed; next round'))
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(loop, env.RECOVERY_SWEEP_INTERVAL_MS);
        }
      });
  };
  loop();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await Promise.all([sendQueue.close(), pollQueue.close(), maintenanceQueue.close()]);
    },
  };
}

import { POLL_JOB_OPTIONS, pollRepeatOf, pollSchedulerId } from '@postwerk/contracts';
import { runAsSystem } from '@postwerk/db';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { WorkerDeps } from '../deps.ts';

/**
 * The daily housekeeping schedules. Every worker upserts the same schedulers: idempotent, so
 * one daily run whatever the count.
 */
export async function scheduleMaintenance(queue: Queue): Promise<void> {
  await queue.upsertJobScheduler('daily-maintenance', { pattern: '17 3 * * *' }, { name: 'daily' });
  await queue.upsertJobScheduler(
    'daily-deliverability',
    { pattern: '43 5 * * *' },
    { name: 'deliverability' },
  );
}

/**
 * True once per loss of Redis's data: a marker key is missing. The marker is written only
 * after the restore succeeded (see markRestored), so a restore cut short runs again.
 */
export async function hasRedisLostSchedules(redis: Redis, prefix: string): Promise<boolean> {
  return (await redis.exists(markerKey(prefix))) === 0;
}

export async function markRestored(redis: Redis, prefix: string): Promise<void> {
  await redis.set(markerKey(prefix), new Date().toISOString());
}

/**
 * Recreates the poll scheduler of every mailbox that fetches mail and has none in Redis.
 * The API creates these when a mailbox is saved; Redis is their only home, so after Redis
 * lost its data no mailbox would be polled again until someone saved it.
 */
export async function restorePollSchedulers(deps: WorkerDeps, queue: Queue): Promise<number> {
  // System context: the restore walks every tenant's fetching mailboxes by design.
  const mailboxes = await runAsSystem('job-bootstrap', () =>
    deps.prisma.mailbox.findMany({
      // The API's rule (PollScheduler.syncMailbox): a Microsoft login needs a live link.
      where: {
        incomingServerId: { not: null },
        tenant: { settings: { is: { fetchFromIncoming: true } } },
        OR: [
          { incomingServer: { is: { authMethod: { not: 'OAUTH2' } } } },
          { microsoftLink: { is: { status: 'ACTIVE' } } },
        ],
      },
      select: { id: true, tenantId: true, pollIntervalMinutes: true },
    }),
  );
  let restored = 0;
  for (const mailbox of mailboxes) {
    const id = pollSchedulerId(mailbox.id);
    if (await queue.getJobScheduler(id)) {
      continue;
    }
    await queue.upsertJobScheduler(id, pollRepeatOf(mailbox.id, mailbox.pollIntervalMinutes), {
      name: 'poll',
      data: { tenantId: mailbox.tenantId, mailboxId: mailbox.id },
      opts: POLL_JOB_OPTIONS,
    });
    restored += 1;
  }
  return restored;
}

function markerKey(prefix: string): string {
  return `${prefix}:recovery:schedules-restored`;
}

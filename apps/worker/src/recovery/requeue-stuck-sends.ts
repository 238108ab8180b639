import { SEND_JOB_OPTIONS, sendJobId } from '@postwerk/contracts';
import { runAsSystem, runInTenant } from '@postwerk/db';
import type { Queue } from 'bullmq';
import type { WorkerDeps } from '../deps.ts';

// Known limit: one sweep looks at the 500 oldest unfinished messages; behind a backlog of
// more than 500 messages that wait longer than the threshold, a stuck one is found only once
// the backlog ahead of it has been sent.
const BATCH = 500;

// A SENDING message may still be in a live worker's hands even when Redis forgot its job
// (SMTP timeouts run up to minutes): queueing it again then could send it twice. Only a
// message SENDING for this much longer is taken for orphaned.
const SENDING_GRACE_MS = 10 * 60_000;

export type RequeueResult = { requeued: number; abandoned: number };

/**
 * Gives every message that PostgreSQL holds as QUEUED or SENDING, unchanged for longer than
 * `stuckAfterMs`, a send job again when Redis no longer has one: after Redis lost its data
 * (a restart without persistence, a failover to an empty replica) or when the API died
 * between storing a message and queueing it. The job id is derived from the message id, so a
 * message whose job still exists is never queued twice, and the send itself checks the SENT
 * marker first. A message whose job BullMQ gave up on without the processor reporting it
 * (stalled too often, or the database gone on every attempt) is reported FAILED here.
 */
export async function requeueStuckSends(
  deps: WorkerDeps,
  queue: Queue,
  stuckAfterMs: number,
): Promise<RequeueResult> {
  const queuedBefore = new Date(Date.now() - stuckAfterMs);
  const sendingBefore = new Date(queuedBefore.getTime() - SENDING_GRACE_MS);
  // System context: the sweep walks every tenant's unfinished messages by design.
  const stuck = await runAsSystem('job-bootstrap', () =>
    deps.prisma.outboundMessage.findMany({
      where: {
        OR: [
          { status: 'QUEUED', updatedAt: { lt: queuedBefore } },
          { status: 'SENDING', updatedAt: { lt: sendingBefore } },
        ],
      },
      select: { id: true, tenantId: true },
      orderBy: { updatedAt: 'asc' },
      take: BATCH,
    }),
  );
  const result: RequeueResult = { requeued: 0, abandoned: 0 };
  for (const message of stuck) {
    const jobId = sendJobId(message.id);
    const state = await queue.getJobState(jobId);
    if (state === 'unknown') {
      const data = { tenantId: message.tenantId, outboundMessageId: message.id };
      await queue.add('send', data, { ...SEND_JOB_OPTIONS, jobId });
      result.requeued += 1;
    } else if (state === 'failed') {
      const job = await queue.getJob(jobId);
      await reportAbandoned(deps, message, job?.failedReason);
      result.abandoned += 1;
    }
  }
  return result;
}

async function reportAbandoned(
  deps: WorkerDeps,
  message: { id: string; tenantId: string },
  failedReason: string | undefined,
): Promise<void> {
  deps.log.warn({ messageId: message.id, failedReason }, 'send job gave up; message failed');
  await runInTenant(message.tenantId, () =>
    deps.prisma.outboundMessage.updateMany({
      where: { id: message.id, status: { in: ['QUEUED', 'SENDING'] } },
      data: {
        status: 'FAILED',
        errorCode: 'SEND_ABANDONED',
        errorMessage:
          'Der Versand wurde wiederholt unterbrochen und aufgegeben. ' +
          'Bitte senden Sie die Nachricht erneut.',
      },
    }),
  );
}

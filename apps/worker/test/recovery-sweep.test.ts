import { randomUUID } from 'node:crypto';
import { pollSchedulerId, QUEUE_NAMES, SEND_JOB_OPTIONS, sendJobId } from '@postwerk/contracts';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_ACCOUNT } from './helpers/test-accounts.ts';
import { waitFor } from './helpers/wait.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';

// Redis keeps the send jobs and poll schedulers; when it loses its data (a restart without
// persistence, a failover to an empty replica) PostgreSQL still knows every accepted
// message. Before the sweep, such a message stayed QUEUED for ever: accepted, never sent.
describe('recovery sweep', () => {
  let f: WorkerFixture;
  let target: { tenantId: string; mailboxId: string };

  beforeAll(async () => {
    f = await createWorkerFixture({
      RECOVERY_SWEEP_INTERVAL_MS: '300',
      RECOVERY_STUCK_AFTER_MS: '1000',
      RECOVERY_RESTORE_SCHEDULERS: 'true',
    });
    target = await createMailboxOnStack(f, {
      auth: { type: 'password', ...PASSWORD_ACCOUNT },
      logSessions: false,
    });
  });
  afterAll(async () => {
    // A QUEUED row left behind would be queued again by the next test file's worker.
    await f.prisma.outboundMessage.deleteMany({ where: { tenantId: target.tenantId } });
    await f.close();
  });

  it('reports FAILED a message whose send job BullMQ gave up on without a verdict', async () => {
    const id = await storeMessage('abandoned');
    // One attempt: the failure below is final, as after BullMQ's last stalled-job check.
    const options = { ...SEND_JOB_OPTIONS, attempts: 1, jobId: sendJobId(id) };
    await f.queue('sendMail').add('send', payload(id), options);
    await failWithoutProcessor(id);

    await f.startWorker();
    const row = await settled(id);

    expect(row.status).toBe('FAILED');
    expect(row.errorCode).toBe('SEND_ABANDONED');
  });

  it('queues and sends again a QUEUED message that Redis has no job for', async () => {
    const id = await storeMessage('lost in redis');

    const row = await settled(id);

    expect(row.status).toBe('SENT');
    expect(row.attempts).toBe(1);
  });

  it('leaves a message alone whose job still waits in Redis', async () => {
    const id = await storeMessage('delayed');
    const delay = { ...SEND_JOB_OPTIONS, jobId: sendJobId(id), delay: 60_000 };
    await f.queue('sendMail').add('send', payload(id), delay);

    await new Promise((resolve) => setTimeout(resolve, 2_500));

    expect(await f.queue('sendMail').getJobState(sendJobId(id))).toBe('delayed');
    const row = await f.prisma.outboundMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('QUEUED');
  });

  it('recreates the poll scheduler of a fetching mailbox after Redis lost it', async () => {
    const poll = f.queue('pollPop3');
    const schedulerId = pollSchedulerId(target.mailboxId);
    await waitFor(() => poll.getJobScheduler(schedulerId), 10_000, 'first restore');

    // What a Redis without persistence looks like after a restart: scheduler and marker gone.
    await poll.removeJobScheduler(schedulerId);
    await f.redis.del(`${f.env.QUEUE_PREFIX}:recovery:schedules-restored`);

    const restored = await waitFor(() => poll.getJobScheduler(schedulerId), 10_000, 'restore');
    expect(restored.every).toBe(5 * 60_000);
    expect(restored.template?.data).toEqual({
      tenantId: target.tenantId,
      mailboxId: target.mailboxId,
    });
  });

  async function storeMessage(subject: string): Promise<string> {
    const raw = `From: ${PASSWORD_ACCOUNT.email}\r\nTo: kunde@example.com\r\nSubject: ${subject}\r\n\r\nText\r\n`;
    const message = await f.prisma.outboundMessage.create({
      data: {
        id: randomUUID(),
        tenantId: target.tenantId,
        mailboxId: target.mailboxId,
        envelopeFrom: PASSWORD_ACCOUNT.email,
        recipients: ['kunde@example.com'],
        raw: new Uint8Array(Buffer.from(raw)),
      },
    });
    return message.id;
  }

  function payload(id: string) {
    return { tenantId: target.tenantId, outboundMessageId: id };
  }

  function settled(id: string) {
    return waitFor(async () => {
      const row = await f.prisma.outboundMessage.findUniqueOrThrow({ where: { id } });
      return row.status === 'SENT' || row.status === 'FAILED' ? row : undefined;
    }, 30_000);
  }

  /** Takes the job and fails it as BullMQ does after too many stalls: no processor ran. */
  async function failWithoutProcessor(id: string): Promise<void> {
    const connection = new Redis(f.env.REDIS_URL, { maxRetriesPerRequest: null });
    const taker = new Worker(QUEUE_NAMES.sendMail, undefined, {
      connection,
      prefix: f.env.QUEUE_PREFIX,
      autorun: false,
    });
    try {
      const job = await taker.getNextJob('recovery-test');
      expect(job?.id).toBe(sendJobId(id));
      await job?.moveToFailed(new Error('job stalled more than allowable limit'), 'recovery-test');
      expect(await f.queue('sendMail').getJobState(sendJobId(id))).toBe('failed');
    } finally {
      await taker.close();
      connection.disconnect();
    }
  }
});

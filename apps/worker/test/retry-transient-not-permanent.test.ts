import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { POLL_JOB_OPTIONS, SEND_JOB_OPTIONS, sendJobId } from '@postwerk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDeliveriesBySubject } from './helpers/mail-sink.ts';
import { OAUTH_ACCOUNTS, PASSWORD_ACCOUNT } from './helpers/test-accounts.ts';
import { waitFor } from './helpers/wait.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  mailControl,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';

// Production waits 30 s (sends) and 20 s (polls) before the first retry; the jobs here carry
// the production options with a shorter delay, so the test takes seconds, not minutes.
const SEND_BACKOFF = { type: 'exponential', delay: 1_000 } as const;
const POLL_BACKOFF = { type: 'fixed', delay: 200 } as const;
const ACCOUNT = OAUTH_ACCOUNTS.idempotent;

describe('transient failures are retried, permanent ones are not', () => {
  let f: WorkerFixture;

  beforeAll(async () => {
    f = await createWorkerFixture();
    await f.startWorker();
  });
  afterAll(async () => {
    await mailControl.set(ACCOUNT, { throttled: false });
    await f?.close();
  });

  it('retries after a 421 4.7.66 throttling reply, with backoff, and delivers once', async () => {
    const target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: ACCOUNT },
      logSessions: false,
    });
    const subject = `Drossel ${randomUUID()}`;
    const raw = `From: ${ACCOUNT}\r\nTo: kunde@example.com\r\nSubject: ${subject}\r\n\r\nText\r\n`;
    const message = await f.prisma.outboundMessage.create({
      data: {
        tenantId: target.tenantId,
        mailboxId: target.mailboxId,
        envelopeFrom: ACCOUNT,
        recipients: ['kunde@example.com'],
        raw: new Uint8Array(Buffer.from(raw)),
      },
    });
    // The server answers MAIL FROM with 421 4.7.66 and closes until the switch is off again.
    await mailControl.set(ACCOUNT, { throttled: true });

    const job = await f
      .queue('sendMail')
      .add(
        'send',
        { tenantId: target.tenantId, outboundMessageId: message.id },
        { ...SEND_JOB_OPTIONS, backoff: SEND_BACKOFF, jobId: sendJobId(message.id) },
      );
    const throttled = await waitFor(async () => {
      const row = await f.prisma.outboundMessage.findUniqueOrThrow({ where: { id: message.id } });
      return row.errorCode === 'SMTP_THROTTLED' && row;
    });
    // Backoff: the failed attempt's job waits in BullMQ's delayed set, not in the queue.
    await waitFor(async () => (await job.getState()) === 'delayed', 10_000, 'delayed retry');
    await mailControl.set(ACCOUNT, { throttled: false });
    const sent = await waitFor(async () => {
      const row = await f.prisma.outboundMessage.findUniqueOrThrow({ where: { id: message.id } });
      return row.status !== 'QUEUED' && row.status !== 'SENDING' && row;
    }, 30_000);
    await waitFor(async () => (await job.getState()) === 'completed', 10_000, 'job completed');
    const finished = await f.queue('sendMail').getJob(job.id as string);

    expect(throttled).toMatchObject({ status: 'QUEUED', attempts: 1 });
    expect(throttled.smtpResponse).toContain('4.7.66');
    expect(throttled.errorMessage).toMatch(/drosselt vorübergehend/);
    expect(sent).toMatchObject({ status: 'SENT', errorCode: null, errorMessage: null });
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
    expect(finished?.attemptsStarted).toBe(sent.attempts);
    expect(await countDeliveriesBySubject(subject)).toEqual(new Map([[subject, 1]]));
    const mailbox = await f.prisma.mailbox.findUniqueOrThrow({ where: { id: target.mailboxId } });
    expect(mailbox.status).not.toBe('SEND_FAILED');
  });

  it('flags the mailbox after a refused POP3 login and does not poll again', async () => {
    const target = await createMailboxOnStack(f, {
      auth: { type: 'password', email: PASSWORD_ACCOUNT.email, password: 'Falsch-§€-1' },
      incomingSecurity: 'STARTTLS',
      logSessions: false,
    });

    const job = await f
      .queue('pollPop3')
      .add(
        'poll',
        { tenantId: target.tenantId, mailboxId: target.mailboxId },
        { ...POLL_JOB_OPTIONS, backoff: POLL_BACKOFF },
      );
    await waitFor(async () => (await job.getState()) === 'failed', 20_000, 'failed poll');
    // Long enough for several retries, had the failure been taken for a transient one.
    await sleep(POLL_BACKOFF.delay * 4);
    const failed = await f.queue('pollPop3').getJob(job.id as string);
    const mailbox = await f.prisma.mailbox.findUniqueOrThrow({ where: { id: target.mailboxId } });
    const events = await f.prisma.mailboxEvent.findMany({ where: { mailboxId: target.mailboxId } });

    expect(await failed?.getState()).toBe('failed');
    expect(failed?.attemptsStarted).toBe(1);
    expect(failed?.failedReason).toBe('POP3_LOGIN_FAILED');
    expect(mailbox).toMatchObject({ status: 'FETCH_FAILED', statusCode: 'POP3_LOGIN_FAILED' });
    expect(events.map((event) => event.code)).toEqual(['POP3_LOGIN_FAILED']);
    expect(events[0]?.message).toMatch(/^Der Posteingangsserver hat die Anmeldung abgelehnt\./);
  });
});

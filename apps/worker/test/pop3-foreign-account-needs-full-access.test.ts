import { SEND_JOB_OPTIONS, sendJobId } from '@postwerk/contracts';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSettingsTest } from './helpers/run-settings-test.ts';
import { OAUTH_ACCOUNTS } from './helpers/test-accounts.ts';
import { waitFor } from './helpers/wait.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  mailControl,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';

const { employeeMailbox, foreignAccount, sharedMailbox, delegate } = OAUTH_ACCOUNTS;

// Mail loss found in a user test: a mailbox linked to another Microsoft account (the employee
// signed in as the admin) was polled with XOAUTH2 user=<that account>, so the account's own
// mailbox was fetched into the employee's inbox and emptied on the server. POP3 now always
// asks for the mailbox's address, which Exchange opens only for the mailbox itself or for an
// account with Full Access (the mail stack grants zentrale@ to vertretung@ only).
describe("POP3 opens the mailbox's own address with a linked account's token", () => {
  let f: WorkerFixture;

  beforeAll(async () => {
    f = await createWorkerFixture();
    await f.startWorker();
  });
  afterAll(() => f.close());

  async function poll(target: { tenantId: string; mailboxId: string }): Promise<Job> {
    const job = await f
      .queue('pollPop3')
      .add('poll', target, { attempts: 3, backoff: { type: 'fixed', delay: 1_000 } });
    return waitFor(
      async () => {
        const current = await f.queue('pollPop3').getJob(job.id as string);
        const state = await current?.getState();
        return state === 'completed' || state === 'failed' ? current : undefined;
      },
      30_000,
      'the poll to end',
    );
  }

  // SMTP AUTH authenticates the token's own account; From and envelope stay the mailbox's.
  async function send(target: { tenantId: string; mailboxId: string }, from: string) {
    const raw = Buffer.from(`From: ${from}\r\nTo: kunde@example.com\r\nSubject: s\r\n\r\nx\r\n`);
    const message = await f.prisma.outboundMessage.create({
      data: {
        tenantId: target.tenantId,
        mailboxId: target.mailboxId,
        envelopeFrom: from,
        recipients: ['kunde@example.com'],
        raw: new Uint8Array(raw),
      },
    });
    const data = { tenantId: target.tenantId, outboundMessageId: message.id };
    const options = { ...SEND_JOB_OPTIONS, jobId: sendJobId(message.id) };
    await f.queue('sendMail').add('send', data, options);
    return waitFor(async () => {
      const row = await f.prisma.outboundMessage.findUniqueOrThrow({ where: { id: message.id } });
      return row.status === 'SENT' || row.status === 'FAILED' ? row : undefined;
    });
  }

  function message(to: string, subject: string): Buffer {
    const id = `${subject.replace(/\W/g, '')}.${Date.now()}@postwerk.test`;
    const lines = [`To: ${to}`, `Subject: ${subject}`, `Message-ID: <${id}>`, '', 'Inhalt', ''];
    return Buffer.from(lines.join('\r\n'));
  }

  it('fails without Full Access, touches neither mailbox and stores nothing', async () => {
    await mailControl.deliver(foreignAccount, message(foreignAccount, 'Post der Chefin'));
    await mailControl.deliver(employeeMailbox, message(employeeMailbox, 'Post des Gesellen'));
    const foreignBefore = (await mailControl.list(foreignAccount)).length;
    const ownBefore = (await mailControl.list(employeeMailbox)).length;
    const target = await createMailboxOnStack(f, {
      address: employeeMailbox,
      auth: { type: 'oauth2', email: foreignAccount },
    });

    const job = await poll(target);

    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toBe('POP3_MAILBOX_ACCESS_DENIED');
    expect(job.attemptsMade).toBe(1);
    expect((await mailControl.list(foreignAccount)).length).toBe(foreignBefore);
    expect((await mailControl.list(employeeMailbox)).length).toBe(ownBefore);
    const where = { mailboxId: target.mailboxId };
    expect(await f.prisma.receivedMessage.count({ where })).toBe(0);
    expect(await f.prisma.pop3UidlEntry.count({ where })).toBe(0);
    const mailbox = await f.prisma.mailbox.findUniqueOrThrow({ where: { id: target.mailboxId } });
    expect(mailbox).toMatchObject({
      status: 'FETCH_FAILED',
      statusCode: 'POP3_MAILBOX_ACCESS_DENIED',
    });
    const event = await f.prisma.mailboxEvent.findFirstOrThrow({ where });
    expect(event.message).toContain(
      `Das Konto ${foreignAccount} hat keinen Vollzugriff auf das Postfach ${employeeMailbox}`,
    );
    expect(event.message).toContain('oder verbinden Sie das Konto des Postfachs selbst');
    // A fresh token would be refused alike: the link is left as it is.
    const link = await f.prisma.microsoftAccountLink.findUniqueOrThrow({ where });
    expect(link.status).toBe('ACTIVE');
  });

  it('names both accounts in [Einstellungen testen] and fails its login step', async () => {
    const target = await createMailboxOnStack(f, {
      address: employeeMailbox,
      auth: { type: 'oauth2', email: foreignAccount },
    });

    const run = await runSettingsTest(f, target, 'INCOMING');

    type Step = { key: string; label: string; status: string; errorCode?: string };
    const last = (run.steps as Step[]).at(-1);
    expect(run.status).toBe('FAILED');
    expect(last).toMatchObject({
      key: 'auth',
      status: 'failed',
      errorCode: 'POP3_MAILBOX_ACCESS_DENIED',
    });
    expect(last?.label).toBe(
      `Anmeldung am Postfach ${employeeMailbox} mit Microsoft-Konto ${foreignAccount}`,
    );
  });

  it("fetches the shared mailbox's mail, not the delegate's, with Full Access", async () => {
    const shared = message(sharedMailbox, 'Anfrage an die Zentrale');
    await mailControl.deliver(sharedMailbox, shared);
    await mailControl.deliver(delegate, message(delegate, 'Post der Vertretung'));
    const delegateBefore = await mailControl.list(delegate);
    const target = await createMailboxOnStack(f, {
      address: sharedMailbox,
      auth: { type: 'oauth2', email: delegate },
    });

    const job = await poll(target);

    expect(await job.getState(), job.failedReason).toBe('completed');
    const stored = await f.prisma.receivedMessage.findMany({
      where: { mailboxId: target.mailboxId },
    });
    expect(stored.map((row) => Buffer.from(row.raw).equals(shared))).toEqual([true]);
    expect(await mailControl.list(sharedMailbox)).toEqual([]);
    expect(await mailControl.list(delegate)).toEqual(delegateBefore);
    const mailbox = await f.prisma.mailbox.findUniqueOrThrow({ where: { id: target.mailboxId } });
    expect(mailbox.status).toBe('OK');
  });

  it('sends as the mailbox only with "Send As": SendAsDenied for another account', async () => {
    const foreign = await createMailboxOnStack(f, {
      address: employeeMailbox,
      auth: { type: 'oauth2', email: foreignAccount },
    });
    const shared = await createMailboxOnStack(f, {
      address: sharedMailbox,
      auth: { type: 'oauth2', email: delegate },
    });

    const refused = await send(foreign, employeeMailbox);
    const sent = await send(shared, sharedMailbox);

    expect(refused).toMatchObject({ status: 'FAILED', errorCode: 'SMTP_SENDER_NOT_ALLOWED' });
    expect(refused.smtpResponse).toContain('SendAsDenied');
    expect(sent.status).toBe('SENT');
  });
});

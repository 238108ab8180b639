import { randomUUID } from 'node:crypto';
import { SEND_JOB_OPTIONS, sendJobId } from '@postwerk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeAtStandIn } from './helpers/identity-stand-in.ts';
import { OAUTH_ACCOUNTS } from './helpers/test-accounts.ts';
import { waitFor } from './helpers/wait.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  mailControl,
  storeOutboundMessage,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';

describe('sending through the real SMTP server', () => {
  let f: WorkerFixture;
  let target: { tenantId: string; mailboxId: string };

  beforeAll(async () => {
    f = await createWorkerFixture();
    await f.startWorker();
    target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: OAUTH_ACCOUNTS.errors },
      logSessions: false,
    });
  });
  afterAll(async () => {
    await mailControl.set(OAUTH_ACCOUNTS.errors, { smtpAuthDisabled: false });
    await f.close();
  });

  async function submit(subject: string): Promise<string> {
    const from = OAUTH_ACCOUNTS.errors;
    const id = await storeOutboundMessage(f, target, { from, to: 'kunde@example.com', subject });
    await f
      .queue('sendMail')
      .add(
        'send',
        { tenantId: target.tenantId, outboundMessageId: id },
        { ...SEND_JOB_OPTIONS, jobId: sendJobId(id) },
      );
    return id;
  }

  function settled(id: string) {
    return waitFor(async () => {
      const row = await f.prisma.outboundMessage.findUniqueOrThrow({ where: { id } });
      return row.status === 'SENT' || row.status === 'FAILED' ? row : undefined;
    });
  }

  it('answers a 5.7.139 reply with the "enable SMTP AUTH" guidance and does not retry', async () => {
    await mailControl.set(OAUTH_ACCOUNTS.errors, { smtpAuthDisabled: true });
    const id = await submit('5.7.139');

    const row = await settled(id);
    await mailControl.set(OAUTH_ACCOUNTS.errors, { smtpAuthDisabled: false });

    expect(row).toMatchObject({
      status: 'FAILED',
      errorCode: 'SMTP_AUTH_DISABLED_FOR_TENANT',
      attempts: 1,
    });
    expect(row.errorMessage).toContain('„Authentifiziertes SMTP“ einschalten');
    const job = await f.queue('sendMail').getJob(sendJobId(id));
    // The row turns FAILED a few statements before BullMQ records the job as failed.
    await waitFor(async () => (await job?.getState()) === 'failed', 10_000, 'failed job');
    expect(job?.attemptsStarted).toBe(1);
    const mailbox = await f.prisma.mailbox.findUniqueOrThrow({ where: { id: target.mailboxId } });
    expect(mailbox).toMatchObject({
      status: 'SEND_FAILED',
      statusCode: 'SMTP_AUTH_DISABLED_FOR_TENANT',
    });
  });

  it('answers a rejected token (535 5.7.3) with its guidance and does not retry', async () => {
    // The cached access token stays "fresh" for us while the identity platform revoked it.
    await revokeAtStandIn(OAUTH_ACCOUNTS.errors);
    const id = await submit('5.7.3');

    const row = await settled(id);

    expect(row).toMatchObject({ status: 'FAILED', errorCode: 'SMTP_AUTH_REJECTED', attempts: 1 });
    expect(row.smtpResponse).toContain('5.7.3');
    // The advice for an OAuth2 login: sign the Microsoft account in again, not a password.
    expect(row.errorMessage).toContain('Microsoft-Konto neu an');
    const job = await f.queue('sendMail').getJob(sendJobId(id));
    await waitFor(async () => (await job?.getState()) === 'failed', 10_000, 'failed job');
    expect(job?.attemptsStarted).toBe(1);
  });

  it('sends 50 messages once each although every job is added twice', async () => {
    await f.prisma.microsoftAccountLink.deleteMany({ where: { mailboxId: target.mailboxId } });
    const password = await createMailboxOnStack(f, {
      auth: { type: 'password', email: 'kunde@andere-firma.example', password: 'Grüße§€-Test1' },
      logSessions: false,
    });
    target = password;
    const before = await mailControl.sinkTotal();
    const subjects = Array.from({ length: 50 }, () => randomUUID());

    const ids = await Promise.all(subjects.map((subject) => submitAs(subject)));
    await Promise.all(ids.map((id) => settled(id)));

    expect(await mailControl.sinkTotal()).toBe(before + 50);
    const rows = await f.prisma.outboundMessage.findMany({ where: { id: { in: ids } } });
    expect(rows.every((row) => row.status === 'SENT' && row.attempts === 1)).toBe(true);
  });

  async function submitAs(subject: string): Promise<string> {
    const from = 'kunde@andere-firma.example';
    const id = await storeOutboundMessage(f, target, { from, to: 'x@example.com', subject });
    const data = { tenantId: target.tenantId, outboundMessageId: id };
    const options = { ...SEND_JOB_OPTIONS, jobId: sendJobId(id) };
    await f.queue('sendMail').add('send', data, options);
    await f.queue('sendMail').add('send', data, options);
    return id;
  }
});

import { SEND_JOB_OPTIONS, sendJobId } from '@postwerk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeAtStandIn } from './helpers/identity-stand-in.ts';
import { OAUTH_ACCOUNTS } from './helpers/test-accounts.ts';
import { waitFor } from './helpers/wait.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  expireStoredAccessToken,
  storeOutboundMessage,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';

const ACCOUNT = OAUTH_ACCOUNTS.deadLinkSend;

// A send whose Microsoft link died (a password change at Microsoft revokes every refresh
// token) cannot succeed on a retry: it fails once, says to sign in again, and the mailbox
// shows "Anmeldung erforderlich" instead of retrying eight times over four hours.
describe('a send of a mailbox whose Microsoft link died', () => {
  let f: WorkerFixture;

  beforeAll(async () => {
    f = await createWorkerFixture();
    await f.startWorker();
  });
  afterAll(() => f.close());

  it('fails once with the AADSTS code, asks for a sign-in and is not retried', async () => {
    const target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: ACCOUNT },
      logSessions: false,
    });
    await expireStoredAccessToken(f, target.mailboxId);
    await revokeAtStandIn(ACCOUNT);
    const id = await storeOutboundMessage(f, target, {
      from: ACCOUNT,
      to: 'kunde@example.com',
      subject: 'Tot',
    });

    await f
      .queue('sendMail')
      .add(
        'send',
        { tenantId: target.tenantId, outboundMessageId: id },
        { ...SEND_JOB_OPTIONS, jobId: sendJobId(id) },
      );
    // Read again once failed: a Job object is a snapshot of the moment it was fetched.
    const job = await waitFor(
      async () => {
        const current = await f.queue('sendMail').getJob(sendJobId(id));
        return (await current?.getState()) === 'failed' && current;
      },
      30_000,
      'the failed send',
    );

    expect(job.attemptsStarted).toBe(1);
    const row = await f.prisma.outboundMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'FAILED', errorCode: 'AADSTS50173', attempts: 1 });
    expect(row.errorMessage).toContain('[Anmelden]');
    const link = await f.prisma.microsoftAccountLink.findUniqueOrThrow({
      where: { mailboxId: target.mailboxId },
    });
    expect(link).toMatchObject({ status: 'DEAD', deadCode: 'AADSTS50173' });
    const mailbox = await f.prisma.mailbox.findUniqueOrThrow({ where: { id: target.mailboxId } });
    expect(mailbox.status).toBe('SIGN_IN_REQUIRED');
  });
});

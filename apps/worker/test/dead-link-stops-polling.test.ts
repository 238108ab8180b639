import { pollSchedulerId } from '@postwerk/contracts';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeAtStandIn } from './helpers/identity-stand-in.ts';
import { runSettingsTest } from './helpers/run-settings-test.ts';
import { OAUTH_ACCOUNTS } from './helpers/test-accounts.ts';
import { waitFor } from './helpers/wait.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';

// A dead Microsoft link stops the jobs that need it: before, the mailbox's poll schedule kept
// firing every few minutes and each run failed with LINK_DEAD. The API restores it on the
// next sign-in (apps/api/test/poll-schedule-microsoft-link.test.ts).
describe('a dead Microsoft link stops the mailbox’s polls', () => {
  let f: WorkerFixture;

  beforeAll(async () => {
    f = await createWorkerFixture();
    await f.startWorker();
  });
  afterAll(() => f.close());

  async function schedulePolls(tenantId: string, mailboxId: string) {
    // As the API does it; the scheduler puts its first run in the queue at once.
    await f.queue('pollPop3').upsertJobScheduler(
      pollSchedulerId(mailboxId),
      { every: 300_000 },
      {
        name: 'poll',
        data: { tenantId, mailboxId },
        opts: { attempts: 3, backoff: { type: 'exponential', delay: 20_000 } },
      },
    );
  }

  async function waitForFailedPoll(mailboxId: string): Promise<Job> {
    return waitFor(
      async () => {
        const failed = await f.queue('pollPop3').getFailed();
        return failed.find((job) => job.data.mailboxId === mailboxId);
      },
      30_000,
      'the failed poll',
    );
  }

  it('finds the revoked link at the next poll, marks it dead and stops the schedule', async () => {
    const target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: OAUTH_ACCOUNTS.deadLink },
    });
    // A password change at Microsoft: refresh tokens die and the mail server stops
    // accepting the access token, although Postwerk still thinks it valid for an hour.
    await revokeAtStandIn(OAUTH_ACCOUNTS.deadLink);

    await schedulePolls(target.tenantId, target.mailboxId);
    const job = await waitForFailedPoll(target.mailboxId);

    expect(job.attemptsMade).toBe(1);
    const link = await f.prisma.microsoftAccountLink.findUniqueOrThrow({
      where: { mailboxId: target.mailboxId },
    });
    expect(link).toMatchObject({ status: 'DEAD', deadCode: 'AADSTS50173' });
    const mailbox = await f.prisma.mailbox.findUniqueOrThrow({ where: { id: target.mailboxId } });
    expect(mailbox.status).toBe('SIGN_IN_REQUIRED');
    await waitFor(
      async () => !(await f.queue('pollPop3').getJobScheduler(pollSchedulerId(target.mailboxId))),
      10_000,
      'the schedule to go',
    );
    expect(await pendingPolls(target.mailboxId)).toBe(0);
  });

  it('stops the schedule of a mailbox whose link was already dead', async () => {
    const target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: OAUTH_ACCOUNTS.deadLink },
    });
    await f.prisma.microsoftAccountLink.update({
      where: { mailboxId: target.mailboxId },
      data: { status: 'DEAD', deadCode: 'AADSTS700082' },
    });

    await schedulePolls(target.tenantId, target.mailboxId);
    const job = await waitForFailedPoll(target.mailboxId);

    expect(job.failedReason).toBe('LINK_DEAD');
    expect(job.attemptsMade).toBe(1);
    await waitFor(
      async () => !(await f.queue('pollPop3').getJobScheduler(pollSchedulerId(target.mailboxId))),
      10_000,
      'the schedule to go',
    );
    expect(await pendingPolls(target.mailboxId)).toBe(0);
  });

  it('finds the revoked link in [Einstellungen testen] and says to sign in again', async () => {
    const target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: OAUTH_ACCOUNTS.deadLink },
    });
    await schedulePolls(target.tenantId, target.mailboxId);
    await waitFor(
      async () =>
        (await f.prisma.mailbox.findUnique({ where: { id: target.mailboxId } }))?.lastPolledAt,
      30_000,
      'the first poll to pass',
    );
    await revokeAtStandIn(OAUTH_ACCOUNTS.deadLink);

    const run = await runSettingsTest(f, target, 'INCOMING');

    type Step = { key: string; status: string; errorCode?: string; actionDe?: string };
    const last = (run.steps as Step[]).at(-1);
    expect(run.status).toBe('FAILED');
    expect(last).toMatchObject({ key: 'auth', status: 'failed', errorCode: 'AADSTS50173' });
    expect(last?.actionDe).toContain('[Anmelden]');
    const link = await f.prisma.microsoftAccountLink.findUniqueOrThrow({
      where: { mailboxId: target.mailboxId },
    });
    expect(link.status).toBe('DEAD');
    expect(await f.queue('pollPop3').getJobScheduler(pollSchedulerId(target.mailboxId))).toBe(
      undefined,
    );
  });

  async function pendingPolls(mailboxId: string): Promise<number> {
    const jobs = await f.queue('pollPop3').getJobs(['waiting', 'delayed', 'active']);
    return jobs.filter((job) => job.data.mailboxId === mailboxId).length;
  }
});

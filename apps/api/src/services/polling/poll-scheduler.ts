import { POLL_JOB_OPTIONS, pollRepeatOf, pollSchedulerId } from '@postwerk/contracts';
import type { PrismaClient } from '@postwerk/db';
import type { Queues } from '../../plugins/queues.ts';

/**
 * Keeps one BullMQ job scheduler per mailbox that fetches mail: present while the tenant
 * fetches from its own incoming server, the mailbox has one, and a Microsoft login (if the
 * server uses one) has a live link; gone otherwise. Schedulers live in Redis, so every API
 * instance may call this; upsert is idempotent.
 */
export class PollScheduler {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly queues: Queues,
  ) {}

  async syncMailbox(tenantId: string, mailboxId: string): Promise<void> {
    const [settings, mailbox] = await Promise.all([
      this.prisma.tenantSettings.findUnique({ where: { tenantId } }),
      this.prisma.mailbox.findFirst({
        where: { id: mailboxId, tenantId },
        include: { incomingServer: true, microsoftLink: true },
      }),
    ]);
    if (!mailbox || !settings?.fetchFromIncoming || !mailbox.incomingServer) {
      await this.#stopPolling(mailboxId);
      return;
    }
    // A Microsoft login without a usable link would fail every run: the schedule waits for
    // the next sign-in (the callback syncs again), and the worker removes it when a link dies.
    const needsLink = mailbox.incomingServer.authMethod === 'OAUTH2';
    if (needsLink && mailbox.microsoftLink?.status !== 'ACTIVE') {
      await this.#stopPolling(mailboxId);
      return;
    }
    const schedulerId = pollSchedulerId(mailboxId);
    const isNew = !(await this.queues.pollPop3.getJobScheduler(schedulerId));
    const data = { tenantId, mailboxId };
    await this.queues.pollPop3.upsertJobScheduler(
      schedulerId,
      pollRepeatOf(mailboxId, mailbox.pollIntervalMinutes),
      { name: 'poll', data, opts: POLL_JOB_OPTIONS },
    );
    if (isNew) {
      // The schedule's offset may put its first run minutes away; a mailbox that has just
      // started fetching is polled now. The job id keeps a burst of saves to one poll.
      const jobId = firstPollJobId(mailboxId);
      await this.queues.pollPop3.add('poll', data, { ...POLL_JOB_OPTIONS, jobId });
    }
  }

  async #stopPolling(mailboxId: string): Promise<void> {
    await this.queues.pollPop3.removeJobScheduler(pollSchedulerId(mailboxId));
    // A finished first poll is kept for an hour and its id would swallow the next one when
    // fetching is switched on again. One still running is locked and stays: it ends by itself.
    await this.queues.pollPop3.remove(firstPollJobId(mailboxId)).catch(() => 0);
  }

  async syncTenant(tenantId: string): Promise<void> {
    const mailboxes = await this.prisma.mailbox.findMany({
      where: { tenantId },
      select: { id: true },
    });
    for (const mailbox of mailboxes) {
      await this.syncMailbox(tenantId, mailbox.id);
    }
  }

  async removeMailbox(mailboxId: string): Promise<void> {
    await this.queues.pollPop3.removeJobScheduler(pollSchedulerId(mailboxId));
  }
}

/** The one-off poll of a mailbox that has just started fetching. */
function firstPollJobId(mailboxId: string): string {
  return `poll-first-${mailboxId}`;
}

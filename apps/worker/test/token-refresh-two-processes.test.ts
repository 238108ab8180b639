import { once } from 'node:events';
import { sendJobId } from '@postwerk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshRequestsOf } from './helpers/identity-stand-in.ts';
import { OAUTH_ACCOUNTS } from './helpers/test-accounts.ts';
import { waitFor } from './helpers/wait.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';
import { spawnWorker } from './helpers/worker-process.ts';

const SENDS = 5;
const ACCOUNT = OAUTH_ACCOUNTS.tokenRefresh;

// Five sends of one mailbox start after its access token has expired, in two worker
// processes: the refresh lock in Redis lets one of them ask Microsoft, the others wait for
// its result. Without it each job would refresh, and as refresh tokens rotate and work once,
// all but the first would kill the link.
describe('one token refresh for five jobs in two worker processes', () => {
  let f: WorkerFixture;
  const workers: Array<Awaited<ReturnType<typeof spawnWorker>>> = [];

  beforeAll(async () => {
    f = await createWorkerFixture();
  });
  afterAll(async () => {
    for (const worker of workers) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) {
        worker.child.kill('SIGTERM');
        await once(worker.child, 'exit');
      }
    }
    await f.close();
  });

  it('asks for one token, and the mail server accepts it for all five sends', async () => {
    const target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: ACCOUNT },
      logSessions: false,
    });
    await f.prisma.microsoftAccountLink.update({
      where: { mailboxId: target.mailboxId },
      data: { accessTokenExpiresAt: new Date(Date.now() - 1000) },
    });
    // Three jobs at most per process: five jobs cannot all land in one of them.
    for (let i = 0; i < 2; i++) {
      workers.push(await spawnWorker(f.env, { WORKER_CONCURRENCY: '3' }));
    }
    const refreshesBefore = await refreshRequestsOf(ACCOUNT);

    const ids: string[] = [];
    for (let i = 0; i < SENDS; i++) {
      const message = await f.prisma.outboundMessage.create({
        data: {
          tenantId: target.tenantId,
          mailboxId: target.mailboxId,
          envelopeFrom: ACCOUNT,
          recipients: [ACCOUNT],
          raw: Buffer.from(
            `From: ${ACCOUNT}\r\nTo: ${ACCOUNT}\r\nSubject: Refresh ${i}\r\n\r\nText\r\n`,
          ),
        },
      });
      ids.push(message.id);
    }
    await f.queue('sendMail').addBulk(
      ids.map((id) => ({
        name: 'send',
        data: { tenantId: target.tenantId, outboundMessageId: id },
        opts: { jobId: sendJobId(id), attempts: 1 },
      })),
    );
    const rows = await waitFor(
      async () => {
        const found = await f.prisma.outboundMessage.findMany({ where: { id: { in: ids } } });
        return found.every((row) => row.status === 'SENT' || row.status === 'FAILED') && found;
      },
      60_000,
      'five finished sends',
    );

    expect(rows.map((row) => [row.status, row.errorCode])).toEqual(
      Array.from({ length: SENDS }, () => ['SENT', null]),
    );
    expect((await refreshRequestsOf(ACCOUNT)) - refreshesBefore).toBe(1);
    // Both processes sent: the one that refreshed and one that used what it stored.
    for (const worker of workers) {
      expect(worker.output()).toContain('"msg":"message sent"');
    }
    const link = await f.prisma.microsoftAccountLink.findUniqueOrThrow({
      where: { mailboxId: target.mailboxId },
    });
    expect(link.status).toBe('ACTIVE');
    expect(link.accessTokenExpiresAt?.getTime() ?? 0).toBeGreaterThan(Date.now() + 30 * 60_000);
  });
});

import { once } from 'node:events';
import { sendJobId } from '@postwerk/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type GatedHttpProxy, startGatedHttpProxy } from './helpers/gated-http-proxy.ts';
import { refreshRequestsOf } from './helpers/identity-stand-in.ts';
import { OAUTH_ACCOUNTS } from './helpers/test-accounts.ts';
import { waitFor } from './helpers/wait.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  expireStoredAccessToken,
  storeOutboundMessage,
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
  let gate: GatedHttpProxy | undefined;

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
    await gate?.close();
    await f.close();
  });

  it('asks for one token, and the mail server accepts it for all five sends', async () => {
    const target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: ACCOUNT },
      logSessions: false,
    });
    await expireStoredAccessToken(f, target.mailboxId);
    // The refresh waits at a shut gate, so every job that started stays busy: one holds the
    // lock, the rest wait for it. With three jobs at most per process, five jobs then cannot
    // all run in one of them.
    const shut = await startGatedHttpProxy(inject('identityUrl'));
    gate = shut;
    const env = { WORKER_CONCURRENCY: '3', MS_AUTHORITY_URL: shut.url };
    for (let i = 0; i < 2; i++) {
      workers.push(await spawnWorker(f.env, env));
    }
    const refreshesBefore = await refreshRequestsOf(ACCOUNT);

    const ids: string[] = [];
    for (let i = 0; i < SENDS; i++) {
      const message = { from: ACCOUNT, to: ACCOUNT, subject: `Refresh ${i}` };
      ids.push(await storeOutboundMessage(f, target, message));
    }
    await f.queue('sendMail').addBulk(
      ids.map((id) => ({
        name: 'send',
        data: { tenantId: target.tenantId, outboundMessageId: id },
        opts: { jobId: sendJobId(id), attempts: 1 },
      })),
    );
    await waitFor(
      async () => (await f.queue('sendMail').getActiveCount()) === SENDS && shut.waiting() > 0,
      20_000,
      'five running sends and a refresh at the gate',
    );
    shut.open();
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
    // Both processes sent: the one that refreshed and one that used what it stored. A log
    // line reaches us through a pipe, after the row it follows was written.
    const sentIn = (worker: (typeof workers)[number]) =>
      worker.output().includes('"msg":"message sent"');
    await waitFor(async () => workers.every(sentIn), 10_000, 'a send logged by each process');
    const link = await f.prisma.microsoftAccountLink.findUniqueOrThrow({
      where: { mailboxId: target.mailboxId },
    });
    expect(link.status).toBe('ACTIVE');
    expect(link.accessTokenExpiresAt?.getTime() ?? 0).toBeGreaterThan(Date.now() + 30 * 60_000);
  });
});

import { randomBytes } from 'node:crypto';
import { REFRESH_TOKEN_PURPOSE } from '@postwerk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redeemAtStandIn, refreshRequestsOf } from './helpers/identity-stand-in.ts';
import { OAUTH_ACCOUNTS } from './helpers/test-accounts.ts';
import { waitFor } from './helpers/wait.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';

describe('daily maintenance', () => {
  let f: WorkerFixture;

  beforeAll(async () => {
    f = await createWorkerFixture();
    await f.startWorker();
  });
  afterAll(() => f.close());

  it('deletes session logs older than 14 days and keeps newer ones', async () => {
    const tenant = await f.prisma.tenant.create({
      data: {
        slug: `logs-${randomBytes(3).toString('hex')}`,
        name: 'Logs',
        settings: { create: {} },
      },
    });
    const day = 86_400_000;
    const old = await f.prisma.sessionLog.create({
      data: {
        tenantId: tenant.id,
        protocol: 'POP3',
        host: 'pop.example',
        startedAt: new Date(Date.now() - 15 * day),
        lines: { create: { at: new Date(), direction: 'CLIENT', text: 'USER x' } },
      },
    });
    const recent = await f.prisma.sessionLog.create({
      data: {
        tenantId: tenant.id,
        protocol: 'SMTP',
        host: 'smtp.example',
        startedAt: new Date(Date.now() - 13 * day),
      },
    });

    const job = await f.queue('maintenance').add('daily', {});
    await waitFor(async () => (await job.getState()) === 'completed', 30_000, 'maintenance');

    expect(await f.prisma.sessionLog.count({ where: { id: old.id } })).toBe(0);
    expect(await f.prisma.sessionLogLine.count({ where: { sessionLogId: old.id } })).toBe(0);
    expect(await f.prisma.sessionLog.count({ where: { id: recent.id } })).toBe(1);
  });

  it('refreshes a link unused for 61 days exactly once and leaves one used 10 days ago', async () => {
    const day = 86_400_000;
    const idle = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: OAUTH_ACCOUNTS.keepAliveIdle },
    });
    const recent = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: OAUTH_ACCOUNTS.keepAliveRecent },
    });
    await setLastRefresh(idle.mailboxId, new Date(Date.now() - 61 * day));
    await setLastRefresh(recent.mailboxId, new Date(Date.now() - 10 * day));
    const idleBefore = await readRefreshToken(idle.mailboxId);
    const recentBefore = await readRefreshToken(recent.mailboxId);
    const idleRefreshes = await refreshRequestsOf(OAUTH_ACCOUNTS.keepAliveIdle);
    const recentRefreshes = await refreshRequestsOf(OAUTH_ACCOUNTS.keepAliveRecent);

    const job = await f.queue('maintenance').add('daily', {});
    await waitFor(async () => (await job.getState()) === 'completed', 30_000, 'maintenance');

    expect((await refreshRequestsOf(OAUTH_ACCOUNTS.keepAliveIdle)) - idleRefreshes).toBe(1);
    expect((await refreshRequestsOf(OAUTH_ACCOUNTS.keepAliveRecent)) - recentRefreshes).toBe(0);

    // The rotated refresh token is stored (it is the live one), and the clock restarts.
    const idleAfter = await readRefreshToken(idle.mailboxId);
    expect(idleAfter).not.toBe(idleBefore);
    expect(await redeemAtStandIn(idleBefore)).toBe(400);
    expect(await redeemAtStandIn(idleAfter)).toBe(200);
    const idleLink = await f.prisma.microsoftAccountLink.findUniqueOrThrow({
      where: { mailboxId: idle.mailboxId },
    });
    expect(idleLink.status).toBe('ACTIVE');
    expect(Date.now() - (idleLink.lastRefreshAt as Date).getTime()).toBeLessThan(60_000);

    expect(await readRefreshToken(recent.mailboxId)).toBe(recentBefore);
  });

  async function setLastRefresh(mailboxId: string, at: Date): Promise<void> {
    await f.prisma.microsoftAccountLink.update({
      where: { mailboxId },
      data: { lastRefreshAt: at, lastUsedAt: at },
    });
  }

  async function readRefreshToken(mailboxId: string): Promise<string> {
    const link = await f.prisma.microsoftAccountLink.findUniqueOrThrow({ where: { mailboxId } });
    return f.secretBox.decrypt(link.refreshTokenCipher, {
      tenantId: link.tenantId,
      purpose: REFRESH_TOKEN_PURPOSE,
    });
  }
});

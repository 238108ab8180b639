import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { QUEUE_NAMES } from '@postwerk/contracts';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAUTH_ACCOUNTS } from './helpers/test-accounts.ts';
import { waitFor } from './helpers/wait.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  mailControl,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';
import { spawnWorker } from './helpers/worker-process.ts';

const MESSAGES = 200;
const KILL_ROUNDS = 6;

// A worker killed with SIGKILL at random points of a fetch must neither lose a message nor
// store one twice: store + UIDL commit before DELE, and DELE only counts after QUIT.
describe('POP3 fetch survives SIGKILL at random points', () => {
  let f: WorkerFixture;

  beforeAll(async () => {
    f = await createWorkerFixture({ POP3_LOCK_TTL_MS: '1000' });
  });
  afterAll(() => f.close());

  async function seed(email: string, tag: string): Promise<void> {
    for (let i = 0; i < MESSAGES; i++) {
      // Every fifth message has no Message-ID: it must be imported by its UIDL alone.
      const id = i % 5 === 0 ? '' : `Message-ID: <${tag}-${i}@test>\r\n`;
      const body = `${'.'.repeat(i % 3)}Zeile ${i}\r\n`.repeat(20);
      await mailControl.deliver(email, Buffer.from(`${id}Subject: ${tag} ${i}\r\n\r\n${body}`));
    }
  }

  /** One round: a fresh worker takes a poll job and is killed after a random delay. */
  async function pollAndKill(target: { tenantId: string; mailboxId: string }) {
    const prefix = `crash-${randomUUID()}`;
    const worker = await spawnWorker({ ...f.env, QUEUE_PREFIX: prefix });
    const queue = new Queue(QUEUE_NAMES.pollPop3, { connection: f.redis, prefix });
    await queue.add('poll', { tenantId: target.tenantId, mailboxId: target.mailboxId });
    await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 900));
    worker.child.kill('SIGKILL');
    await once(worker.child, 'exit');
    await queue.obliterate({ force: true });
    await queue.close();
  }

  async function pollToCompletion(target: { tenantId: string; mailboxId: string }) {
    // A killed worker's mailbox lock runs out after POP3_LOCK_TTL_MS; wait that out first.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const prefix = `final-${randomUUID()}`;
    const worker = await spawnWorker({ ...f.env, QUEUE_PREFIX: prefix });
    const queue = new Queue(QUEUE_NAMES.pollPop3, { connection: f.redis, prefix });
    try {
      const job = await queue.add('poll', {
        tenantId: target.tenantId,
        mailboxId: target.mailboxId,
      });
      await waitFor(async () => (await job.getState()) === 'completed', 60_000, 'final poll');
    } finally {
      worker.child.kill('SIGTERM');
      await once(worker.child, 'exit');
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }

  it('ends with exactly 200 stored messages and an empty server mailbox', async () => {
    const target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: OAUTH_ACCOUNTS.crash },
      logSessions: false,
    });
    await seed(OAUTH_ACCOUNTS.crash, 'crash');

    for (let round = 0; round < KILL_ROUNDS; round++) {
      await pollAndKill(target);
    }
    const storedBeforeFinal = await f.prisma.receivedMessage.count({
      where: { mailboxId: target.mailboxId },
    });
    await pollToCompletion(target);

    const stored = await f.prisma.receivedMessage.findMany({
      where: { mailboxId: target.mailboxId },
      select: { subject: true },
    });
    expect(storedBeforeFinal).toBeLessThanOrEqual(MESSAGES);
    expect(stored).toHaveLength(MESSAGES);
    expect(new Set(stored.map((m) => m.subject)).size).toBe(MESSAGES);
    expect(await mailControl.list(OAUTH_ACCOUNTS.crash)).toHaveLength(0);
  });

  it('with "keep a copy" ends with 200 stored, 200 on the server, and imports nothing more', async () => {
    const target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: OAUTH_ACCOUNTS.keepCopy },
      keepCopyOnServer: true,
      logSessions: false,
    });
    await seed(OAUTH_ACCOUNTS.keepCopy, 'keep');

    for (let round = 0; round < KILL_ROUNDS; round++) {
      await pollAndKill(target);
    }
    await pollToCompletion(target);
    const afterFirst = await f.prisma.receivedMessage.count({
      where: { mailboxId: target.mailboxId },
    });
    await pollToCompletion(target);
    const afterSecond = await f.prisma.receivedMessage.count({
      where: { mailboxId: target.mailboxId },
    });

    expect(afterFirst).toBe(MESSAGES);
    expect(afterSecond).toBe(MESSAGES);
    expect(await mailControl.list(OAUTH_ACCOUNTS.keepCopy)).toHaveLength(MESSAGES);
  });
});

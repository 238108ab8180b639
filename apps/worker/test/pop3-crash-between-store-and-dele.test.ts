import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { QUEUE_NAMES } from '@postwerk/contracts';
import { type Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type MeteredProxy, startMeteredProxy } from './helpers/metered-proxy.ts';
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
const LOCK_TTL_MS = 1000;
/**
 * "stored": killed right after a store of the pass committed, before its DELEs took effect
 * (when too few messages are left to fill a batch: at 90 % of their bytes).
 * "random": killed at a random byte of the session (TLS handshake, login, UIDL, a RETR, a DELE).
 */
const KILL_PLAN = ['stored', 'random', 'random', 'stored', 'random', 'random'] as const;
// A round whose worker never reached its kill point (slow start, a stale lock) runs again.
const MAX_ATTEMPTS_PER_ROUND = 3;
const STORE_PATIENCE_MS = 3_000;

type Target = { tenantId: string; mailboxId: string };
type Round = { kind: (typeof KILL_PLAN)[number]; before: number; after: number };

// A worker killed with SIGKILL at any point of a fetch must neither lose a message nor store
// one twice: store + UIDL commit before DELE, and DELE only counts after QUIT. The worker
// reaches Dovecot through a proxy that stops passing the server's bytes at the kill point, so
// every kill lands inside a POP3 session, before its last message arrived: never before the
// fetch began, never after it finished, however fast or slow the machine.
describe('POP3 fetch survives SIGKILL at random points', () => {
  let f: WorkerFixture;
  let proxy: MeteredProxy;
  let lastKillAt = 0;

  beforeAll(async () => {
    f = await createWorkerFixture({ POP3_LOCK_TTL_MS: String(LOCK_TTL_MS) });
    proxy = await startMeteredProxy({ host: '127.0.0.1', port: inject('mailPorts').pop3s });
  });
  afterAll(async () => {
    await proxy?.close();
    await f?.close();
  });

  /** Seeds the mailbox; returns each message's size by its subject. */
  async function seed(email: string, tag: string): Promise<Map<string, number>> {
    const sizes = new Map<string, number>();
    for (let i = 0; i < MESSAGES; i++) {
      // Every fifth message has no Message-ID: it must be imported by its UIDL alone.
      const id = i % 5 === 0 ? '' : `Message-ID: <${tag}-${i}@test>\r\n`;
      const body = `${'.'.repeat(i % 3)}Zeile ${i}\r\n`.repeat(20);
      const raw = Buffer.from(`${id}Subject: ${tag} ${i}\r\n\r\n${body}`);
      await mailControl.deliver(email, raw);
      sizes.set(`${tag} ${i}`, raw.length);
    }
    return sizes;
  }

  async function createTarget(email: string, keepCopyOnServer: boolean): Promise<Target> {
    const target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email },
      keepCopyOnServer,
      logSessions: false,
    });
    await f.prisma.incomingServer.update({
      where: { id: target.incomingServerId },
      data: { port: proxy.port },
    });
    return target;
  }

  async function storedSubjects(mailboxId: string): Promise<Set<string>> {
    const rows = await f.prisma.receivedMessage.findMany({
      where: { mailboxId },
      select: { subject: true },
    });
    return new Set(rows.map((row) => row.subject ?? ''));
  }

  /** Runs the plan; each round is repeated until its kill landed inside a fetch. */
  async function killDuringFetches(target: Target, sizes: Map<string, number>) {
    const rounds: Round[] = [];
    for (const kind of KILL_PLAN) {
      let round: Round | undefined;
      for (let attempt = 0; !round && attempt < MAX_ATTEMPTS_PER_ROUND; attempt++) {
        round = await pollAndKill(target, sizes, kind);
      }
      if (!round) {
        throw new Error(`no ${kind} kill landed inside a fetch in ${MAX_ATTEMPTS_PER_ROUND} tries`);
      }
      rounds.push(round);
    }
    return rounds;
  }

  /**
   * One round: a fresh worker process takes a poll job; the proxy lets the session run to the
   * kill point, where the worker is killed with SIGKILL. Undefined when the poll ended before
   * (or never began): such a kill proves nothing.
   */
  async function pollAndKill(target: Target, sizes: Map<string, number>, kind: Round['kind']) {
    const stored = await storedSubjects(target.mailboxId);
    const unstoredBytes = [...sizes].reduce(
      (sum, [subject, size]) => (stored.has(subject) ? sum : sum + size),
      0,
    );
    // The server sends at least every unstored message's bytes before the last one is stored:
    // at 90 % of that, the session cannot have finished.
    const cap = Math.floor(unstoredBytes * 0.9);
    proxy.allow(kind === 'random' ? Math.floor(Math.random() * cap) : cap);
    const prefix = `crash-${randomUUID()}`;
    const worker = await spawnWorker({ ...f.env, QUEUE_PREFIX: prefix });
    const queue = new Queue(QUEUE_NAMES.pollPop3, { connection: f.redis, prefix });
    try {
      await waitForStaleLock();
      const job = await queue.add('poll', {
        tenantId: target.tenantId,
        mailboxId: target.mailboxId,
      });
      const reached = await waitForKillPoint(job, target.mailboxId, stored.size, kind);
      worker.child.kill('SIGKILL');
      await once(worker.child, 'exit');
      lastKillAt = Date.now();
      const finished = ['completed', 'failed'].includes(await job.getState());
      const after = (await storedSubjects(target.mailboxId)).size;
      return reached && !finished ? { kind, before: stored.size, after } : undefined;
    } finally {
      if (worker.child.exitCode === null && worker.child.signalCode === null) {
        worker.child.kill('SIGKILL');
        await once(worker.child, 'exit');
        lastKillAt = Date.now();
      }
      proxy.dropAll();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }

  /** A killed worker's mailbox lock runs out after LOCK_TTL_MS; the next poll needs it. */
  async function waitForStaleLock() {
    await sleep(Math.max(0, lastKillAt + LOCK_TTL_MS + 200 - Date.now()));
  }

  /** Waits until the proxy holds the session ("random") or a store committed ("stored"). */
  async function waitForKillPoint(job: Job, mailboxId: string, before: number, kind: string) {
    const deadline = Date.now() + 30_000;
    let heldAt: number | undefined;
    while (Date.now() < deadline) {
      const count = await f.prisma.receivedMessage.count({ where: { mailboxId } });
      if (kind === 'stored' && count > before) {
        proxy.hold();
        return true;
      }
      if (proxy.isHolding()) {
        heldAt ??= Date.now();
        // A "stored" round held at its cap gives a batch already fetched time to commit.
        if (kind === 'random' || Date.now() - heldAt > STORE_PATIENCE_MS) {
          return true;
        }
      }
      if (['completed', 'failed'].includes(await job.getState())) {
        return false;
      }
      await sleep(10);
    }
    return false;
  }

  async function pollToCompletion(target: Target) {
    proxy.allow(Number.POSITIVE_INFINITY);
    const prefix = `final-${randomUUID()}`;
    const worker = await spawnWorker({ ...f.env, QUEUE_PREFIX: prefix });
    const queue = new Queue(QUEUE_NAMES.pollPop3, { connection: f.redis, prefix });
    try {
      await waitForStaleLock();
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
    const target = await createTarget(OAUTH_ACCOUNTS.crash, false);
    const sizes = await seed(OAUTH_ACCOUNTS.crash, 'crash');

    const rounds = await killDuringFetches(target, sizes);
    const storedBeforeFinal = (await storedSubjects(target.mailboxId)).size;
    const onServerBeforeFinal = (await mailControl.list(OAUTH_ACCOUNTS.crash)).length;
    await pollToCompletion(target);

    const stored = await f.prisma.receivedMessage.findMany({
      where: { mailboxId: target.mailboxId },
      select: { subject: true },
    });
    const report = JSON.stringify(rounds);
    // A "stored" round killed a worker that had just stored mail it had not yet deleted.
    expect(
      rounds.some((r) => r.kind === 'stored' && r.after > r.before),
      report,
    ).toBe(true);
    expect(storedBeforeFinal, report).toBeGreaterThan(0);
    expect(storedBeforeFinal, report).toBeLessThan(MESSAGES);
    // No killed session reached QUIT, so the server still held every message.
    expect(onServerBeforeFinal, report).toBe(MESSAGES);
    expect(stored).toHaveLength(MESSAGES);
    expect(new Set(stored.map((m) => m.subject)).size).toBe(MESSAGES);
    expect(await mailControl.list(OAUTH_ACCOUNTS.crash)).toHaveLength(0);
  });

  it('with "keep a copy" ends with 200 stored, 200 on the server, and imports nothing more', async () => {
    const target = await createTarget(OAUTH_ACCOUNTS.keepCopy, true);
    const sizes = await seed(OAUTH_ACCOUNTS.keepCopy, 'keep');

    const rounds = await killDuringFetches(target, sizes);
    const storedBeforeFinal = (await storedSubjects(target.mailboxId)).size;
    await pollToCompletion(target);
    const afterFirst = await f.prisma.receivedMessage.count({
      where: { mailboxId: target.mailboxId },
    });
    await pollToCompletion(target);
    const afterSecond = await f.prisma.receivedMessage.count({
      where: { mailboxId: target.mailboxId },
    });

    const report = JSON.stringify(rounds);
    expect(
      rounds.some((r) => r.kind === 'stored' && r.after > r.before),
      report,
    ).toBe(true);
    expect(storedBeforeFinal, report).toBeGreaterThan(0);
    expect(storedBeforeFinal, report).toBeLessThan(MESSAGES);
    expect(afterFirst).toBe(MESSAGES);
    expect(afterSecond).toBe(MESSAGES);
    expect(await mailControl.list(OAUTH_ACCOUNTS.keepCopy)).toHaveLength(MESSAGES);
  });
});

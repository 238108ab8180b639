import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabasePool, type DatabasePool, toAppRoleUrl } from '@postwerk/db';
import { openPop3Session } from '@postwerk/mailcore';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMailStack } from '../../../e2e/stubs/mail-stack/src/index.ts';
import type { MailStackHandle } from '../../../e2e/stubs/mail-stack/src/types.ts';
import { type BatchLimits, FetchPipeline } from '../src/mail/fetch-pipeline.ts';
import { type FetchedMessage, storeMessages } from '../src/mail/store-message.ts';
import { TEST_DATABASE_URL } from './helpers/global-setup.ts';
import { waitFor } from './helpers/wait.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';

const ACCOUNT = { email: 'stapel@bau-firma.de', password: 'Stapel-Test-1' };

type Target = { tenantId: string; mailboxId: string; incomingServerId: string };

// The worker stores fetched mail in batches and DELEs a batch only after its commit. These
// pin down the order (store before DELE, per batch), the bounds (count, bytes, a large message
// alone) and that a crash between a batch's commit and its DELEs loses and duplicates nothing.
describe('POP3 fetch in batches', () => {
  let f: WorkerFixture;
  let stack: MailStackHandle;
  let runtimeDir: string;
  let pool: DatabasePool;
  let ca: Buffer;

  beforeAll(async () => {
    f = await createWorkerFixture({ POP3_LOCK_TTL_MS: '1000' });
    pool = createDatabasePool({ databaseUrl: toAppRoleUrl(TEST_DATABASE_URL), maxConnections: 2 });
    // A Dovecot of our own with a password account, serving the certificate of the shared
    // stack: the worker trusts that CA (NODE_EXTRA_CA_CERTS), and the stack reuses the files.
    runtimeDir = await mkdtemp(path.join(tmpdir(), 'postwerk-batches-'));
    const sharedTls = path.dirname(process.env.NODE_EXTRA_CA_CERTS as string);
    await mkdir(path.join(runtimeDir, 'tls'));
    for (const name of ['ca.pem', 'server.pem', 'server.key']) {
      await copyFile(path.join(sharedTls, name), path.join(runtimeDir, 'tls', name));
    }
    ca = await readFile(path.join(runtimeDir, 'tls', 'ca.pem'));
    stack = await startMailStack({
      runtimeDir,
      identityUrl: inject('identityUrl'),
      users: [],
      passwordUsers: [ACCOUNT],
      ports: { pop3: 0, pop3s: 0, submission: 0, smtps: 0, control: 0 },
    });
  });
  afterAll(async () => {
    await f?.close();
    await pool?.end();
    await stack?.close();
    await rm(runtimeDir, { recursive: true, force: true });
  });

  async function createTarget(): Promise<Target> {
    const target = await createMailboxOnStack(f, {
      auth: { type: 'password', ...ACCOUNT },
      logSessions: false,
    });
    await f.prisma.incomingServer.update({
      where: { id: target.incomingServerId },
      data: { port: stack.ports.pop3s },
    });
    return target;
  }

  async function deliver(messages: Buffer[]): Promise<void> {
    for (const message of messages) {
      await stack.deliverToMaildir(ACCOUNT.email, message);
    }
  }

  function smallMessage(tag: string, i: number): Buffer {
    const id = i % 4 === 0 ? '' : `Message-ID: <${tag}-${i}@test>\r\n`;
    const body = `${'.'.repeat(i % 3)}Zeile ${i}\r\n`.repeat(40);
    return Buffer.from(`${id}Subject: ${tag} ${i}\r\n\r\n${body}`);
  }

  /** One pass of the pipeline, recording what happens in order (POP3 lines, stores, commits). */
  async function runPass(
    target: Target,
    limits: Partial<BatchLimits>,
    afterCommit?: (close: () => void) => void,
  ) {
    const events: string[] = [];
    const session = await openPop3Session({
      host: 'localhost',
      port: stack.ports.pop3s,
      security: 'TLS',
      tls: { ca },
      auth: { type: 'password', user: ACCOUNT.email, pass: ACCOUNT.password },
      onLine: (direction, text) => {
        if (direction === 'client' && /^(RETR|DELE) /.test(text)) {
          events.push(text);
        }
      },
    });
    const listing = await session.uidl();
    const numberOf = new Map(listing.map((e) => [e.uid, e.msgNumber]));
    const sizes = new Map((await session.list()).map((e) => [e.msgNumber, e.size]));
    const store = async (messages: FetchedMessage[]) => {
      const numbers = messages.map((m) => numberOf.get(m.uidl)).join(',');
      events.push(`store ${numbers}`);
      const stored = await storeMessages(pool, target, messages);
      events.push(`commit ${numbers}`);
      afterCommit?.(() => session.close());
      return stored;
    };
    const pipeline = new FetchPipeline({ session, store, deleteAfterStore: true, limits });
    try {
      await pipeline.fetchAll(
        listing.map((e) => ({
          msgNumber: e.msgNumber,
          uidl: e.uid,
          size: sizes.get(e.msgNumber) ?? 0,
        })),
      );
      await pipeline.finish();
      await session.quit();
    } catch (error) {
      await pipeline.abandon();
      session.close();
      throw error;
    }
    return { events, sizes, stored: pipeline.stored };
  }

  async function storedSubjects(mailboxId: string): Promise<string[]> {
    const rows = await f.prisma.receivedMessage.findMany({
      where: { mailboxId },
      select: { subject: true },
    });
    return rows.map((row) => row.subject as string);
  }

  it('stores at most the batch limits per commit, a large message alone, DELE after commit', async () => {
    const target = await createTarget();
    const large = Buffer.concat([
      Buffer.from('Subject: gross\r\n\r\n'),
      Buffer.from(`${'x'.repeat(76)}\r\n`.repeat(4000)),
    ]);
    await deliver([
      ...[0, 1, 2, 3, 4, 5, 6].map((i) => smallMessage('stapel', i)),
      large,
      ...[7, 8, 9, 10, 11].map((i) => smallMessage('stapel', i)),
    ]);

    const limits = { maxMessages: 3, maxBytes: 64 * 1024, aheadMessages: 2, aheadBytes: 16 * 1024 };
    const { events, sizes, stored } = await runPass(target, limits);

    const commits = events.filter((e) => e.startsWith('commit '));
    const batches = commits.map((e) => e.slice(7).split(',').map(Number));
    expect(stored).toBe(13);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(range(1, 13));
    for (const batch of batches) {
      const bytes = batch.reduce((sum, n) => sum + (sizes.get(n) ?? 0), 0);
      expect(batch.length).toBeLessThanOrEqual(limits.maxMessages);
      expect(bytes <= limits.maxBytes || batch.length === 1).toBe(true);
    }
    expect(batches).toContainEqual([8]);
    // Nothing else in memory while the large message is fetched, and it is stored before
    // the next RETR.
    const retrLarge = events.indexOf('RETR 8');
    expect(events.slice(retrLarge + 1, retrLarge + 5)).toEqual([
      'store 8',
      'commit 8',
      'DELE 8',
      'RETR 9',
    ]);
    const before = events.slice(0, retrLarge);
    expect(before.filter((e) => e.startsWith('store')).length).toBe(
      before.filter((e) => e.startsWith('commit')).length,
    );
    for (const [index, event] of events.entries()) {
      if (event.startsWith('DELE ')) {
        const n = Number(event.slice(5));
        const commit = commits.find((c) => c.slice(7).split(',').map(Number).includes(n));
        expect(events.indexOf(commit as string), event).toBeLessThan(index);
      }
    }
    expect(new Set(await storedSubjects(target.mailboxId)).size).toBe(13);
    const row = await f.prisma.receivedMessage.findFirstOrThrow({
      where: { mailboxId: target.mailboxId, subject: 'gross' },
    });
    expect(Buffer.from(row.raw).equals(large)).toBe(true);
    expect(await stack.listMaildir(ACCOUNT.email)).toHaveLength(0);
  });

  it('stores the rest of a batch, and none twice, when one UIDL is already in the ledger', async () => {
    const target = await createTarget();
    const messages = range(0, 2).map((i) => ({
      uidl: `konflikt-${i}`,
      raw: smallMessage('konflikt', i),
    }));
    await storeMessages(pool, target, [messages[1] as FetchedMessage]);

    const stored = await storeMessages(pool, target, messages);

    expect(stored).toBe(2);
    expect((await storedSubjects(target.mailboxId)).sort()).toEqual([
      'konflikt 0',
      'konflikt 1',
      'konflikt 2',
    ]);
  });

  it('imports nothing twice and loses nothing after a crash between a commit and its DELEs', async () => {
    const target = await createTarget();
    await deliver(range(0, 7).map((i) => smallMessage('absturz', i)));

    // The connection drops right after the first batch commits, before any DELE: what a
    // worker killed at that moment leaves behind (no DELE sent, no QUIT).
    const pass = runPass(target, { maxMessages: 3, maxBytes: 8 * 1024 * 1024 }, (close) => close());
    await expect(pass).rejects.toMatchObject({ code: 'POP3_CLIENT_CLOSED' });
    expect(await storedSubjects(target.mailboxId)).toHaveLength(3);
    expect(await stack.listMaildir(ACCOUNT.email)).toHaveLength(8);

    // The worker's next poll finds three UIDLs in the ledger, only deletes those, and
    // fetches the other five.
    await f.startWorker();
    await f
      .queue('pollPop3')
      .add('poll', { tenantId: target.tenantId, mailboxId: target.mailboxId });
    await waitFor(
      // Dovecot may remove a file between the listing and the read: that is a retry, too.
      async () => (await stack.listMaildir(ACCOUNT.email).catch(() => undefined))?.length === 0,
      30_000,
      'server mailbox emptied',
    );

    const subjects = await storedSubjects(target.mailboxId);
    expect(subjects.sort()).toEqual(
      range(0, 7)
        .map((i) => `absturz ${i}`)
        .sort(),
    );
    const ledger = await f.prisma.pop3UidlEntry.findMany({
      where: { mailboxId: target.mailboxId },
    });
    expect(ledger).toHaveLength(8);
    expect(ledger.every((entry) => entry.receivedMessageId !== null)).toBe(true);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

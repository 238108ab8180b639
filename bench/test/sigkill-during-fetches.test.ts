import { QUEUE_NAMES } from '@postwerk/contracts';
import { createPrismaClient, type PrismaClient, parseKeyring, SecretBox } from '@postwerk/db';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BENCH_DATABASE_URL,
  BENCH_REDIS_URL,
  createBenchSecrets,
  prepareDatabase,
  workerEnvOf,
} from '../src/lib/bench-env.ts';
import { type BenchMailStack, startBenchMailStack } from '../src/lib/bench-mail-stack.ts';
import { createFetchingTenant } from '../src/lib/bench-tenant.ts';
import { runFetchKillRounds } from '../src/lib/fetch-kill-rounds.ts';
import { FAST_RECOVERY_ENV } from '../src/lib/kill-rounds.ts';
import { type MeteredProxy, startMeteredProxy } from '../src/lib/metered-proxy.ts';
import { spawnWorker } from '../src/lib/worker-process.ts';

const MESSAGES = 1000;
// The first kill follows a store the pass has not yet DELEd; the others come at random times.
const KILL_PLAN = ['stored', 'timed', 'timed', 'timed', 'timed', 'timed'] as const;
const LOCK_TTL_MS = 1000;
const ACCOUNT = { email: 'fault-fetch@bench.example', password: 'Grüße§€-Fault1' };

// 1,000 messages fetched by POP3 while workers are killed with SIGKILL at random points:
// in the end every message is stored exactly once and the server mailbox is empty. The
// workers reach Dovecot through a proxy that never lets a pass finish, so every kill is
// proven to land inside a POP3 session, with mail left to fetch.
describe('fetching survives SIGKILL of the worker at random points', () => {
  let mail: BenchMailStack;
  let proxy: MeteredProxy;
  let prisma: PrismaClient;
  let redis: Redis;
  let queue: Queue;
  const secrets = createBenchSecrets('kill-fetch');

  beforeAll(async () => {
    await prepareDatabase();
    mail = await startBenchMailStack([ACCOUNT]);
    proxy = await startMeteredProxy({ host: '127.0.0.1', port: mail.stack.ports.pop3 });
    prisma = createPrismaClient({ databaseUrl: BENCH_DATABASE_URL, maxConnections: 2 });
    redis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(QUEUE_NAMES.pollPop3, { connection: redis, prefix: secrets.prefix });
  });
  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await queue?.close();
    await redis?.quit();
    await prisma?.$disconnect();
    await proxy?.close();
    await mail?.close();
  });

  it('stores every message exactly once and empties the server', async () => {
    const secretBox = new SecretBox(parseKeyring(secrets.keyring));
    const tenant = await createFetchingTenant(prisma, secretBox, proxy.port, [ACCOUNT]);
    const mailboxId = tenant.mailboxIds[0] as string;
    const sizes = new Map<string, number>();
    for (let i = 0; i < MESSAGES; i++) {
      // Every fifth message has no Message-ID: the ledger must hold it by UIDL alone.
      const id = i % 5 === 0 ? '' : `Message-ID: <fault-${i}@bench.example>\r\n`;
      const body = `${'.'.repeat(i % 3)}Zeile ${i}\r\n`.repeat(10);
      const raw = Buffer.from(`${id}Subject: Fault ${i}\r\n\r\n${body}`);
      await mail.stack.deliverToMaildir(ACCOUNT.email, raw);
      sizes.set(`Fault ${i}`, raw.length);
    }
    const env = workerEnvOf(secrets, {
      ...FAST_RECOVERY_ENV,
      POP3_LOCK_TTL_MS: String(LOCK_TTL_MS),
      NODE_EXTRA_CA_CERTS: mail.stack.caCertPath,
    });
    const poll = () => queue.add('poll', { tenantId: tenant.tenantId, mailboxId }).then(() => {});
    const storedSubjects = async () => {
      const rows = await prisma.receivedMessage.findMany({
        where: { mailboxId },
        select: { subject: true },
      });
      return new Set(rows.map((row) => row.subject ?? ''));
    };

    const rounds = await runFetchKillRounds({
      env,
      proxy,
      plan: [...KILL_PLAN],
      minMs: 0,
      maxMs: 2500,
      sizes,
      poll,
      storedSubjects,
      lockTtlMs: LOCK_TTL_MS,
    });
    const beforeFinal = await prisma.receivedMessage.count({ where: { mailboxId } });
    const onServerBeforeFinal = await countOnServer();

    proxy.allow(Number.POSITIVE_INFINITY);
    const finisher = await spawnWorker(env);
    try {
      for (let pass = 0; pass < 20; pass++) {
        await new Promise((resolve) => setTimeout(resolve, 1200));
        const left = await countOnServer();
        if (left === 0 && (await queue.getActiveCount()) === 0) {
          break;
        }
        if ((await queue.getWaitingCount()) === 0 && (await queue.getActiveCount()) === 0) {
          await poll();
        }
      }
    } finally {
      await finisher.stop();
    }

    const stored = await prisma.receivedMessage.findMany({
      where: { mailboxId },
      select: { subject: true },
    });
    const subjects = new Set(stored.map((row) => row.subject));
    const lost = MESSAGES - subjects.size;
    const duplicated = stored.length - subjects.size;
    const kills = rounds.map((r) => `${r.killedAfterMs} ms (${r.storedBefore}→${r.storedAfter})`);
    const retried = rounds.reduce((sum, r) => sum + r.retried, 0);
    console.log(
      `fetches under SIGKILL: kills ${kills.join(', ')} into a POP3 session; ` +
        `${retried} rounds without a session repeated; ${beforeFinal} stored and ` +
        `${onServerBeforeFinal} on the server before the final pass; lost ${lost}, ` +
        `stored twice ${duplicated}`,
    );
    // Not vacuous: the kills left work for the final pass, of both kinds.
    expect(rounds[0]?.storedAfter ?? 0).toBeGreaterThan(0);
    expect(beforeFinal).toBeGreaterThan(0);
    expect(beforeFinal).toBeLessThan(MESSAGES);
    expect(onServerBeforeFinal).toBe(MESSAGES);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(stored).toHaveLength(MESSAGES);
    expect(await countOnServer()).toBe(0);
  });

  /** Messages left in the Maildir; a file Dovecot deletes while we read counts as still there. */
  async function countOnServer(): Promise<number> {
    try {
      return (await mail.stack.listMaildir(ACCOUNT.email)).length;
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') {
        return -1;
      }
      throw error;
    }
  }
});

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
import { FAST_RECOVERY_ENV, runKillRounds } from '../src/lib/kill-rounds.ts';
import { spawnWorker } from '../src/lib/worker-process.ts';

const MESSAGES = 1000;
const KILL_ROUNDS = 6;
const ACCOUNT = { email: 'fault-fetch@bench.example', password: 'Grüße§€-Fault1' };

// 1,000 messages fetched by POP3 while workers are killed with SIGKILL at random points:
// in the end every message is stored exactly once and the server mailbox is empty.
describe('fetching survives SIGKILL of the worker at random points', () => {
  let mail: BenchMailStack;
  let prisma: PrismaClient;
  let redis: Redis;
  let queue: Queue;
  const secrets = createBenchSecrets('kill-fetch');

  beforeAll(async () => {
    await prepareDatabase();
    mail = await startBenchMailStack([ACCOUNT]);
    prisma = createPrismaClient({ databaseUrl: BENCH_DATABASE_URL, maxConnections: 2 });
    redis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(QUEUE_NAMES.pollPop3, { connection: redis, prefix: secrets.prefix });
  });
  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await queue?.close();
    await redis?.quit();
    await prisma?.$disconnect();
    await mail?.close();
  });

  it('stores every message exactly once and empties the server', async () => {
    const secretBox = new SecretBox(parseKeyring(secrets.keyring));
    const tenant = await createFetchingTenant(prisma, secretBox, mail.stack.ports.pop3, [ACCOUNT]);
    const mailboxId = tenant.mailboxIds[0] as string;
    for (let i = 0; i < MESSAGES; i++) {
      // Every fifth message has no Message-ID: the ledger must hold it by UIDL alone.
      const id = i % 5 === 0 ? '' : `Message-ID: <fault-${i}@bench.example>\r\n`;
      const body = `${'.'.repeat(i % 3)}Zeile ${i}\r\n`.repeat(10);
      await mail.stack.deliverToMaildir(
        ACCOUNT.email,
        Buffer.from(`${id}Subject: Fault ${i}\r\n\r\n${body}`),
      );
    }
    const env = workerEnvOf(secrets, {
      ...FAST_RECOVERY_ENV,
      POP3_LOCK_TTL_MS: '1000',
      NODE_EXTRA_CA_CERTS: mail.stack.caCertPath,
    });
    const poll = () => queue.add('poll', { tenantId: tenant.tenantId, mailboxId }).then(() => {});

    const lifetimes = await runKillRounds({
      env,
      rounds: KILL_ROUNDS,
      minMs: 200,
      maxMs: 2500,
      beforeRound: poll,
    });
    const beforeFinal = await prisma.receivedMessage.count({ where: { mailboxId } });

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
    console.log(
      `fetches under SIGKILL: kills after ${lifetimes.join(', ')} ms; ${beforeFinal} stored ` +
        `before the final pass; lost ${lost}, stored twice ${duplicated}`,
    );
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

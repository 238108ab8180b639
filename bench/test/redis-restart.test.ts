import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { pollSchedulerId, QUEUE_NAMES } from '@postwerk/contracts';
import { parseKeyring, SecretBox } from '@postwerk/db';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchApi, type SignedIn, signIn, startBenchApi } from '../src/lib/bench-api.ts';
import {
  BENCH_DATABASE_URL,
  createBenchSecrets,
  prepareDatabase,
  workerEnvOf,
} from '../src/lib/bench-env.ts';
import { type BenchMailStack, startBenchMailStack } from '../src/lib/bench-mail-stack.ts';
import {
  type BenchTenant,
  createFetchingTenant,
  createSendingTenant,
  type FetchingTenant,
} from '../src/lib/bench-tenant.ts';
import { FAST_RECOVERY_ENV } from '../src/lib/kill-rounds.ts';
import { type RedisServerProcess, startRedisServer } from '../src/lib/redis-server-process.ts';
import { BENCH_ID_HEADER, type SmtpSink, startSmtpSink } from '../src/lib/smtp-sink.ts';
import { runPool } from '../src/lib/stats.ts';
import { spawnWorker } from '../src/lib/worker-process.ts';

const SENDS = 300;
const FETCHES = 300;
const REDIS_DOWN_MS = 3_000;
const ACCOUNT = { email: 'redis-restart@bench.example', password: 'Grüße§€-Redis1' };
// Its own database: the worker restores the poll scheduler of every fetching mailbox it finds,
// and the shared bench database holds those of every earlier run.
const DATABASE_URL = withDatabaseName(BENCH_DATABASE_URL, (name) => `${name}_redis`);

// Redis runs without persistence and is killed with SIGKILL while messages are submitted
// and fetched: every job, poll scheduler and lock is gone when it comes back. PostgreSQL
// still holds every accepted message; the worker's recovery sweep must queue them again and
// restore the poll scheduler, so that in the end every message is sent once and every
// fetched message stored once.
describe('sending and fetching survive a Redis restart that loses every job', () => {
  let redisServer: RedisServerProcess;
  let sink: SmtpSink;
  let mail: BenchMailStack;
  let api: BenchApi;
  let sending: BenchTenant;
  let fetching: FetchingTenant;
  let session: SignedIn;
  let redis: Redis;
  let pollQueue: Queue;
  const secrets = createBenchSecrets('redis-restart');

  beforeAll(async () => {
    redisServer = await startRedisServer();
    sink = await startSmtpSink();
    mail = await startBenchMailStack([ACCOUNT]);
    await prepareDatabase(DATABASE_URL);
    api = await startBenchApi(secrets, { DATABASE_URL, REDIS_URL: redisServer.url });
    sending = await createSendingTenant(api.prisma, sink.port, 3);
    const secretBox = new SecretBox(parseKeyring(secrets.keyring));
    fetching = await createFetchingTenant(api.prisma, secretBox, mail.stack.ports.pop3, [ACCOUNT]);
    session = await signIn(api.app, sending.adminEmail, sending.adminPassword);
    redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
    redis.on('error', () => {});
    pollQueue = new Queue(QUEUE_NAMES.pollPop3, { connection: redis, prefix: secrets.prefix });
    pollQueue.on('error', () => {});
  });
  afterAll(async () => {
    await pollQueue?.close();
    redis?.disconnect();
    // Gone with its tenants: the next run's restore finds no mailbox of a dead mail stack.
    await api?.prisma.tenant.deleteMany({
      where: { id: { in: [sending?.tenantId, fetching?.tenantId].filter(Boolean) } },
    });
    await api?.close();
    await mail?.close();
    await sink?.close();
    await redisServer?.stop();
  });

  it('sends every message once and stores every fetched message once', async () => {
    const mailboxId = fetching.mailboxIds[0] as string;
    for (let i = 0; i < FETCHES; i++) {
      const raw = `Message-ID: <redis-${i}@bench.example>\r\nSubject: Redis ${i}\r\n\r\nZeile ${i}\r\n`;
      await mail.stack.deliverToMaildir(ACCOUNT.email, Buffer.from(raw));
    }
    const worker = await spawnWorker(
      workerEnvOf(secrets, {
        ...FAST_RECOVERY_ENV,
        DATABASE_URL,
        REDIS_URL: redisServer.url,
        RECOVERY_RESTORE_SCHEDULERS: 'true',
        RECOVERY_SWEEP_INTERVAL_MS: '1000',
        RECOVERY_STUCK_AFTER_MS: '3000',
        POP3_LOCK_TTL_MS: '1000',
        NODE_EXTRA_CA_CERTS: mail.stack.caCertPath,
      }),
    );

    // A poll a second stands in for a short poll interval; it keeps trying while Redis is gone.
    let polling = true;
    const polls = (async () => {
      while (polling) {
        await pollQueue.add('poll', { tenantId: fetching.tenantId, mailboxId }).catch(() => {});
        await sleep(1000);
      }
    })();
    const ids = Array.from({ length: SENDS }, () => randomUUID());
    const acceptMs: number[] = [];
    const submitting = runPool(ids, 8, async (id) => {
      const started = performance.now();
      await submit(id, sending.mailboxIds[ids.indexOf(id) % 3] as string);
      acceptMs.push(performance.now() - started);
    });

    // Kill once sending is under way: some messages sent, most still queued in Redis.
    await waitUntil(async () => sink.total() >= SENDS / 10, 30_000);
    const sentBeforeKill = sink.total();
    await redisServer.kill();
    await sleep(REDIS_DOWN_MS);
    await redisServer.start();
    await submitting;
    const queuedAfterRestart = await api.prisma.outboundMessage.count({
      where: { tenantId: sending.tenantId, status: 'QUEUED' },
    });

    try {
      await waitUntil(async () => {
        const open = await api.prisma.outboundMessage.count({
          where: { tenantId: sending.tenantId, status: { not: 'SENT' } },
        });
        const stored = await api.prisma.receivedMessage.count({ where: { mailboxId } });
        return open === 0 && stored >= FETCHES;
      }, 75_000);
    } finally {
      polling = false;
      await polls;
      await worker.stop();
    }

    const restoredScheduler = await pollQueue.getJobScheduler(pollSchedulerId(mailboxId));
    const rows = await api.prisma.outboundMessage.findMany({
      where: { tenantId: sending.tenantId },
      select: { status: true },
    });
    const stored = await api.prisma.receivedMessage.findMany({
      where: { mailboxId },
      select: { subject: true },
    });
    const subjects = new Set(stored.map((row) => row.subject));
    const lostSends = ids.filter((id) => !sink.deliveries.has(id)).length;
    const sentTwice = [...sink.deliveries.values()].filter((count) => count > 1).length;
    console.log(
      `redis restart: killed after ${sentBeforeKill} of ${SENDS} sends, down ${REDIS_DOWN_MS} ms; ` +
        `${queuedAfterRestart} messages QUEUED after the restart; slowest accept ` +
        `${Math.round(Math.max(...acceptMs))} ms; sends lost ${lostSends}, delivered twice ` +
        `${sentTwice}; fetches lost ${FETCHES - subjects.size}, stored twice ` +
        `${stored.length - subjects.size}`,
    );
    expect(lostSends).toBe(0);
    expect(sentTwice).toBe(0);
    expect(rows).toHaveLength(SENDS);
    expect(rows.every((row) => row.status === 'SENT')).toBe(true);
    expect(subjects.size).toBe(FETCHES);
    expect(stored).toHaveLength(FETCHES);
    expect(await mail.stack.listMaildir(ACCOUNT.email)).toHaveLength(0);
    expect(restoredScheduler?.template?.data).toEqual({
      tenantId: fetching.tenantId,
      mailboxId,
    });
  });

  async function submit(id: string, mailboxId: string): Promise<void> {
    const raw = `${BENCH_ID_HEADER}: ${id}\r\nSubject: Redis ${id}\r\n\r\nText\r\n`;
    const response = await api.app.inject({
      method: 'POST',
      url: `/api/mailboxes/${mailboxId}/messages`,
      headers: { ...session.headers, 'idempotency-key': id },
      payload: { raw: Buffer.from(raw).toString('base64'), recipients: ['x@bench.example'] },
    });
    expect(response.statusCode).toBe(202);
  }
});

async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) {
      throw new Error('timed out');
    }
    await sleep(250);
  }
}

function withDatabaseName(url: string, rename: (name: string) => string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${rename(parsed.pathname.slice(1))}`;
  return parsed.toString();
}

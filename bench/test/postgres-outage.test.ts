import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { QUEUE_NAMES } from '@postwerk/contracts';
import { createPrismaClient, type PrismaClient, parseKeyring, SecretBox } from '@postwerk/db';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchApi, type SignedIn, signIn, startBenchApi } from '../src/lib/bench-api.ts';
import {
  BENCH_DATABASE_URL,
  BENCH_REDIS_URL,
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
import { BENCH_ID_HEADER, type SmtpSink, startSmtpSink } from '../src/lib/smtp-sink.ts';
import { runPool } from '../src/lib/stats.ts';
import { startTcpProxy, type TcpProxy } from '../src/lib/tcp-proxy.ts';
import { spawnWorker } from '../src/lib/worker-process.ts';

const SENDS = 300;
const FETCHES = 300;
const OUTAGE_MS = 4_000;
const ACCOUNT = { email: 'pg-outage@bench.example', password: 'Grüße§€-Outage1' };

// API and worker reach PostgreSQL through a TCP proxy of ours. Mid-run the proxy resets every
// connection and refuses new ones for a few seconds, as a database restart or failover does.
// The API must answer 503 SERVICE_UNAVAILABLE meanwhile (never 500) and recover by itself;
// the worker's failed jobs are retried; every message ends sent once and stored once.
describe('sending and fetching survive PostgreSQL going away for a few seconds', () => {
  let proxy: TcpProxy;
  let direct: PrismaClient;
  let sink: SmtpSink;
  let mail: BenchMailStack;
  let api: BenchApi;
  let sending: BenchTenant;
  let fetching: FetchingTenant;
  let session: SignedIn;
  let redis: Redis;
  let pollQueue: Queue;
  const secrets = createBenchSecrets('pg-outage');

  beforeAll(async () => {
    await prepareDatabase();
    const target = new URL(BENCH_DATABASE_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    // The test's own client goes around the proxy: it sets up and checks while PostgreSQL is
    // "away" for the services.
    direct = createPrismaClient({ databaseUrl: BENCH_DATABASE_URL, maxConnections: 2 });
    sink = await startSmtpSink();
    mail = await startBenchMailStack([ACCOUNT]);
    api = await startBenchApi(secrets, { DATABASE_URL: proxiedUrl() });
    sending = await createSendingTenant(direct, sink.port, 3);
    const secretBox = new SecretBox(parseKeyring(secrets.keyring));
    fetching = await createFetchingTenant(direct, secretBox, mail.stack.ports.pop3, [ACCOUNT]);
    session = await signIn(api.app, sending.adminEmail, sending.adminPassword);
    redis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: null });
    pollQueue = new Queue(QUEUE_NAMES.pollPop3, { connection: redis, prefix: secrets.prefix });
  });
  afterAll(async () => {
    // Gone with its tenants: a later run's recovery sweep finds no message of a dead sink.
    await direct?.tenant.deleteMany({
      where: { id: { in: [sending?.tenantId, fetching?.tenantId].filter(Boolean) } },
    });
    await pollQueue?.obliterate({ force: true });
    await pollQueue?.close();
    await redis?.quit();
    await api?.close();
    await direct?.$disconnect();
    await proxy?.close();
    await mail?.close();
    await sink?.close();
  });

  it('answers 503 while PostgreSQL is away, then sends and stores everything once', async () => {
    const mailboxId = fetching.mailboxIds[0] as string;
    for (let i = 0; i < FETCHES; i++) {
      const raw = `Message-ID: <pg-${i}@bench.example>\r\nSubject: PG ${i}\r\n\r\nZeile ${i}\r\n`;
      await mail.stack.deliverToMaildir(ACCOUNT.email, Buffer.from(raw));
    }
    const worker = await spawnWorker(
      workerEnvOf(secrets, {
        ...FAST_RECOVERY_ENV,
        DATABASE_URL: proxiedUrl(),
        POP3_LOCK_TTL_MS: '1000',
        NODE_EXTRA_CA_CERTS: mail.stack.caCertPath,
      }),
    );

    let polling = true;
    const polls = (async () => {
      while (polling) {
        await pollQueue.add('poll', { tenantId: fetching.tenantId, mailboxId });
        await sleep(1000);
      }
    })();
    // Submissions go on through the outage, retried on 503 with the same key, as a client would.
    const statuses = new Map<number, number>();
    const codes = new Set<string>();
    const ids = Array.from({ length: SENDS }, () => randomUUID());
    const submitting = runPool(ids, 8, async (id) => {
      await submitUntilAccepted(id, sending.mailboxIds[ids.indexOf(id) % 3] as string);
    });

    await waitUntil(async () => sink.total() >= SENDS / 10, 30_000);
    const sentBeforeCut = sink.total();
    await proxy.cut();
    const cutAt = Date.now();
    const duringOutage: number[] = [];
    while (Date.now() - cutAt < OUTAGE_MS) {
      duringOutage.push((await readSession()).statusCode);
      await sleep(250);
    }
    await proxy.restore();
    const restoredAt = Date.now();
    await waitUntil(async () => (await readSession()).statusCode === 200, 30_000);
    const recoveredAfterMs = Date.now() - restoredAt;
    await submitting;

    try {
      // Jobs that failed during the outage run again after their backoff (30 s for sends).
      await waitUntil(async () => {
        const open = await direct.outboundMessage.count({
          where: { tenantId: sending.tenantId, status: { not: 'SENT' } },
        });
        const stored = await direct.receivedMessage.count({ where: { mailboxId } });
        return open === 0 && stored >= FETCHES;
      }, 80_000);
    } catch (error) {
      // The worker's last log lines say why (job failures by code).
      console.log(worker.output().slice(-6_000));
      throw error;
    } finally {
      polling = false;
      await polls;
      await worker.stop();
    }

    const rows = await direct.outboundMessage.findMany({
      where: { tenantId: sending.tenantId },
      select: { status: true },
    });
    const stored = await direct.receivedMessage.findMany({
      where: { mailboxId },
      select: { subject: true },
    });
    const subjects = new Set(stored.map((row) => row.subject));
    const lostSends = ids.filter((id) => !sink.deliveries.has(id)).length;
    const sentTwice = [...sink.deliveries.values()].filter((count) => count > 1).length;
    console.log(
      `postgres outage: cut after ${sentBeforeCut} of ${SENDS} sends for ${OUTAGE_MS} ms; ` +
        `API statuses ${JSON.stringify(Object.fromEntries(statuses))} with codes ` +
        `${[...codes].join(', ') || '-'}; probes during the outage ` +
        `${JSON.stringify(countOf(duringOutage))}; API answered 200 again ${recoveredAfterMs} ` +
        `ms after the restore; sends lost ${lostSends}, delivered twice ${sentTwice}; ` +
        `fetches lost ${FETCHES - subjects.size}, stored twice ${stored.length - subjects.size}`,
    );
    expect(statuses.get(500) ?? 0).toBe(0);
    expect(duringOutage).toContain(503);
    expect(duringOutage.every((status) => status === 503)).toBe(true);
    expect([...codes]).toEqual(codes.size ? ['SERVICE_UNAVAILABLE'] : []);
    expect(lostSends).toBe(0);
    expect(sentTwice).toBe(0);
    expect(rows).toHaveLength(SENDS);
    expect(rows.every((row) => row.status === 'SENT')).toBe(true);
    expect(subjects.size).toBe(FETCHES);
    expect(stored).toHaveLength(FETCHES);
    expect(await mail.stack.listMaildir(ACCOUNT.email)).toHaveLength(0);

    async function submitUntilAccepted(id: string, mailbox: string): Promise<void> {
      const raw = `${BENCH_ID_HEADER}: ${id}\r\nSubject: PG ${id}\r\n\r\nText\r\n`;
      for (;;) {
        const response = await api.app.inject({
          method: 'POST',
          url: `/api/mailboxes/${mailbox}/messages`,
          headers: { ...session.headers, 'idempotency-key': id },
          payload: { raw: Buffer.from(raw).toString('base64'), recipients: ['x@bench.example'] },
        });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode === 202) {
          return;
        }
        codes.add(response.json().error?.code);
        if (response.statusCode !== 503) {
          throw new Error(`submission answered ${response.statusCode}: ${response.body}`);
        }
        await sleep(250);
      }
    }
  });

  function readSession() {
    return api.app.inject({ method: 'GET', url: '/api/auth/session', headers: session.headers });
  }

  function proxiedUrl(): string {
    const url = new URL(BENCH_DATABASE_URL);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    return url.toString();
  }
});

function countOf(values: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const value of values) {
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}

async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) {
      throw new Error('timed out');
    }
    await sleep(250);
  }
}

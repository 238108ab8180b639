import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { QUEUE_NAMES } from '@postwerk/contracts';
import { createPrismaClient, parseKeyring, SecretBox, toAppRoleUrl } from '@postwerk/db';
import { openPop3Session } from '@postwerk/mailcore';
import { Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import {
  BENCH_DATABASE_URL,
  BENCH_REDIS_URL,
  createBenchSecrets,
  prepareDatabase,
  workerEnvOf,
} from './lib/bench-env.ts';
import { startBenchMailStack } from './lib/bench-mail-stack.ts';
import { createFetchingTenant } from './lib/bench-tenant.ts';
import { buildLargeMessage, cycleCorpus, loadCorpus } from './lib/fetch-messages.ts';
import { formatMB, readProcessMemory, resetPeakRss, sampleRss } from './lib/process-memory.ts';
import { formatRate, quantile, verdict } from './lib/stats.ts';
import { spawnWorker } from './lib/worker-process.ts';

// Fetch and store: the real worker process polls a Dovecot mailbox (RETR, store bytes, headers
// and UIDL in PostgreSQL, DELE) against raw RETR with our own POP3 client on the same server
// and the same messages; then the worker's peak RSS while it fetches one large message.
// Figures are printed, never asserted.
const MESSAGES = Number(process.env.BENCH_FETCH_MESSAGES ?? 500);
const ROUNDS = Number(process.env.BENCH_FETCH_ROUNDS ?? 3);
const LARGE_BYTES = Number(process.env.BENCH_LARGE_MESSAGE_MB ?? 30) * 1e6;
const MANY = { email: 'viele@bench.example', password: 'Grüße§€-Viele1' };
const LARGE = { email: 'gross@bench.example', password: 'Grüße§€-Gross1' };

await prepareDatabase();
const mail = await startBenchMailStack([MANY, LARGE]);
const ca = await readFile(mail.stack.caCertPath);
const secrets = createBenchSecrets('fetch');
const prisma = createPrismaClient({ databaseUrl: BENCH_DATABASE_URL, maxConnections: 2 });
const redis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: null });
const queueOptions = { connection: redis, prefix: secrets.prefix };
const queue = new Queue(QUEUE_NAMES.pollPop3, queueOptions);
const eventsRedis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: null });
const events = new QueueEvents(QUEUE_NAMES.pollPop3, { ...queueOptions, connection: eventsRedis });
await events.waitUntilReady();
const secretBox = new SecretBox(parseKeyring(secrets.keyring));
const tenant = await createFetchingTenant(prisma, secretBox, mail.stack.ports.pop3, [MANY, LARGE]);
const [manyMailboxId, largeMailboxId] = tenant.mailboxIds as [string, string];
// The worker connects as the application role, as in production: row-level security applies.
const workerEnv = workerEnvOf(secrets, {
  DATABASE_URL: toAppRoleUrl(BENCH_DATABASE_URL),
  NODE_EXTRA_CA_CERTS: mail.stack.caCertPath,
});

const [load1, load5] = loadavg();
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, ` +
    `load average ${load1?.toFixed(1)} (1 min) / ${load5?.toFixed(1)} (5 min)`,
);
console.log(`messages: ${MESSAGES} per round (corpus cycled), rounds: ${ROUNDS}`);

try {
  const throughput = await measureThroughput();
  const memory = await measureMemory();
  const ratio = throughput.product / throughput.raw;

  console.log('');
  console.log(`raw RETR (our client): ${formatRate(throughput.raw)} msg/s (median of rounds)`);
  console.log(`fetch + store + DELE (worker): ${formatRate(throughput.product)} msg/s`);
  console.log(`  = ${(ratio * 100).toFixed(1)} % of raw RETR`);
  console.log(`idle worker RSS: ${formatMB(memory.idleAfterStart)} after start,`);
  console.log(`  ${formatMB(memory.idleAfterWarmUp)} after a one-message warm-up poll`);
  console.log(
    `worker peak RSS fetching one ${formatMB(memory.messageBytes)} message: ` +
      `${formatMB(memory.peak)} (VmHWM; sampled every 10 ms: ${formatMB(memory.sampledPeak)})`,
  );
  console.log(`  stored byte for byte: ${memory.byteExact ? 'yes' : 'NO'}`);
  console.log('');
  console.log(`target ≥ 70 % of raw RETR: ${verdict(ratio >= 0.7)}`);
  console.log(`target peak < 200 MB for the worker: ${verdict(memory.peak < 200e6)}`);
} finally {
  await queue.obliterate({ force: true });
  await queue.close();
  await events.close();
  await eventsRedis.quit();
  await redis.quit();
  await prisma.$disconnect();
  await mail.close();
}

/** Each round: deliver, let Dovecot index, raw RETR pass (kept), then the worker's pass. */
async function measureThroughput() {
  const messages = cycleCorpus(await loadCorpus(), MESSAGES);
  const worker = await spawnWorker(workerEnv);
  const raw: number[] = [];
  const product: number[] = [];
  try {
    // Warm-up: TLS, Dovecot's index, the worker's Prisma query plans; not measured.
    await deliverAll(MANY.email, messages.slice(0, 20));
    await retrAll(MANY);
    await pollOnce(manyMailboxId, 20);

    for (let round = 1; round <= ROUNDS; round++) {
      await deliverAll(MANY.email, messages);
      await retrAll(MANY, { listOnly: true });
      const rawPass = await retrAll(MANY);
      const poll = await pollOnce(manyMailboxId, MESSAGES);
      raw.push(MESSAGES / rawPass.seconds);
      product.push(MESSAGES / poll.seconds);
      console.log(
        `round ${round}: raw ${formatRate(MESSAGES / rawPass.seconds)} msg/s ` +
          `(${formatMB(rawPass.bytes)} in ${rawPass.seconds.toFixed(2)} s), worker ` +
          `${formatRate(MESSAGES / poll.seconds)} msg/s (job ${poll.seconds.toFixed(2)} s, ` +
          `add to done ${poll.wallSeconds.toFixed(2)} s)`,
      );
    }
  } finally {
    await worker.stop();
  }
  return { raw: quantile(raw, 0.5), product: quantile(product, 0.5) };
}

/** Peak RSS of a fresh worker process while it polls one large message. */
async function measureMemory() {
  const worker = await spawnWorker(workerEnv);
  const pid = worker.child.pid as number;
  try {
    await sleep(2000);
    const idleAfterStart = (await readProcessMemory(pid)).rssBytes;
    await deliverAll(LARGE.email, [Buffer.from('Subject: Aufwaermen\r\n\r\nHallo\r\n')]);
    await pollOnce(largeMailboxId, 1);
    await sleep(2000);
    const idleAfterWarmUp = (await readProcessMemory(pid)).rssBytes;

    const message = buildLargeMessage(LARGE_BYTES);
    await deliverAll(LARGE.email, [message]);
    await retrAll(LARGE, { listOnly: true });
    await resetPeakRss(pid);
    const sampler = sampleRss(pid);
    await pollOnce(largeMailboxId, 1);
    const sampledPeak = await sampler.stop();
    const { peakRssBytes } = await readProcessMemory(pid);
    return {
      idleAfterStart,
      idleAfterWarmUp,
      messageBytes: message.length,
      peak: peakRssBytes,
      sampledPeak,
      byteExact: await isStoredExactly(largeMailboxId, message),
    };
  } finally {
    await worker.stop();
  }
}

async function deliverAll(email: string, messages: Buffer[]): Promise<void> {
  for (const message of messages) {
    await mail.stack.deliverToMaildir(email, message);
  }
}

/** One POP3 session: UIDL, then RETR of every message (no DELE), QUIT; timed from connect. */
async function retrAll(account: typeof MANY, options: { listOnly?: boolean } = {}) {
  const started = performance.now();
  const session = await openPop3Session({
    host: '127.0.0.1',
    port: mail.stack.ports.pop3,
    security: 'STARTTLS',
    tls: { ca },
    auth: { type: 'password', user: account.email, pass: account.password },
  });
  let bytes = 0;
  const listing = await session.uidl();
  if (!options.listOnly) {
    for (const entry of listing) {
      bytes += (await session.retr(entry.msgNumber)).length;
    }
  }
  await session.quit();
  return { seconds: (performance.now() - started) / 1000, bytes };
}

/** Queues one poll and waits for it; the time is the job's own, from start to finish. */
async function pollOnce(mailboxId: string, expected: number) {
  const added = performance.now();
  const job = await queue.add('poll', { tenantId: tenant.tenantId, mailboxId });
  const result = (await job.waitUntilFinished(events, 600_000)) as { fetched: number };
  const wallSeconds = (performance.now() - added) / 1000;
  if (result.fetched !== expected) {
    throw new Error(`poll fetched ${result.fetched} messages, expected ${expected}`);
  }
  const done = (await Job.fromId(queue, job.id as string)) as Job;
  const seconds = ((done.finishedOn ?? 0) - (done.processedOn ?? 0)) / 1000;
  return { seconds, wallSeconds };
}

async function isStoredExactly(mailboxId: string, message: Buffer): Promise<boolean> {
  const expected = createHash('sha256').update(message).digest('hex');
  const rows = await prisma.$queryRaw<Array<{ sha: string }>>`
    SELECT encode(sha256(raw), 'hex') AS sha FROM "ReceivedMessage"
    WHERE "mailboxId" = ${mailboxId}::uuid ORDER BY "receivedAt" DESC LIMIT 1`;
  return rows[0]?.sha === expected;
}

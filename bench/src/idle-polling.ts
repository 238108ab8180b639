import { readFile } from 'node:fs/promises';
import { createQueues } from '@postwerk/api/src/plugins/queues.ts';
import { PollScheduler } from '@postwerk/api/src/services/polling/poll-scheduler.ts';
import { pollSchedulerId } from '@postwerk/contracts';
import { createPrismaClient, parseKeyring, SecretBox } from '@postwerk/db';
import { openPop3Session } from '@postwerk/mailcore';
import type { JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import {
  appDatabaseUrlOf,
  BENCH_DATABASE_URL,
  BENCH_REDIS_URL,
  createBenchSecrets,
  prepareDatabase,
  workerEnvOf,
} from './lib/bench-env.ts';
import { startBenchMailStack } from './lib/bench-mail-stack.ts';
import { createFetchingTenant } from './lib/bench-tenant.ts';
import { describeMachine } from './lib/machine.ts';
import { readProcessCpuSeconds } from './lib/process-cpu.ts';
import { runPool, verdict } from './lib/stats.ts';
import { spawnWorker, type WorkerProcess } from './lib/worker-process.ts';

// Idle polling: K mailboxes with nothing new on Dovecot, polled through the real worker
// process, against a raw connect/STLS/PASS/UIDL/QUIT loop with our own POP3 client on the same
// server in the same run. Raw and worker passes alternate, so a change in the machine's load
// hits both sides. Figures are printed, never asserted.
const MAILBOXES = Number(process.env.BENCH_POLL_MAILBOXES ?? 50);
const ROUNDS = Number(process.env.BENCH_POLL_ROUNDS ?? 20);
const PASSES = Number(process.env.BENCH_POLL_PASSES ?? 2);
const KEPT = Number(process.env.BENCH_POLL_KEPT ?? 3);
// The worker's own default WORKER_CONCURRENCY; the raw loop keeps as many sessions open.
const CONCURRENCY = Number(process.env.BENCH_POLL_CONCURRENCY ?? 8);
const POLL_DONE = 'pop3 poll done';
const POLL_OUTCOMES = [
  POLL_DONE,
  'poll failed',
  'poll skipped: another poll of this mailbox is running',
];

const accounts = Array.from({ length: MAILBOXES }, (_, i) => ({
  email: `idle${i}@bench.example`,
  password: `Grüße§€-Idle${i}`,
}));
await prepareDatabase();
const mail = await startBenchMailStack(accounts);
// Only the stack's CA. The worker trusts the system's roots plus this CA (NODE_EXTRA_CA_CERTS,
// loaded once at start); handing all roots as `ca` here would parse them on every connection.
const ca = await readFile(mail.stack.caCertPath);
const secrets = createBenchSecrets('idle');
const prisma = createPrismaClient({ databaseUrl: BENCH_DATABASE_URL, maxConnections: 4 });
const redis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: null });
const queues = createQueues(redis, secrets.prefix, pino({ level: 'warn' }));
const secretBox = new SecretBox(parseKeyring(secrets.keyring));
// keepCopyOnServer: the messages stay, so every measured UIDL lists them and the worker
// checks them against its ledger, as it does for a mailbox that keeps a copy.
const tenant = await createFetchingTenant(prisma, secretBox, mail.stack.ports.pop3, accounts, true);
for (const account of accounts) {
  for (let i = 0; i < KEPT; i++) {
    await mail.stack.deliverToMaildir(
      account.email,
      `Message-ID: <kept-${i}-${account.email}>\r\nSubject: Kept ${i}\r\n\r\nGuten Tag.\r\n`,
    );
  }
}

console.log(describeMachine());
console.log(
  `mailboxes: ${MAILBOXES} (${KEPT} old messages each, kept on the server), ` +
    `${ROUNDS} rounds × ${PASSES} passes per side, ${CONCURRENCY} polls in flight, STLS + PASS`,
);

const worker = await spawnWorker(
  workerEnvOf(secrets, {
    DATABASE_URL: appDatabaseUrlOf(),
    WORKER_CONCURRENCY: String(CONCURRENCY),
    NODE_EXTRA_CA_CERTS: mail.stack.caCertPath,
  }),
);
try {
  const template = await pollFirstRoundAsScheduled(worker);
  const stored = await prisma.receivedMessage.count({ where: { tenantId: tenant.tenantId } });
  console.log(`first, scheduled round: ${stored} old messages fetched; from now on nothing new`);

  const raw = { polls: 0, seconds: 0, cpu: 0 };
  const piped = { polls: 0, seconds: 0, cpu: 0 };
  for (let pass = 1; pass <= PASSES; pass++) {
    const rawPass = await measureRaw();
    const workerPass = await measureWorker(worker, template);
    console.log(
      `pass ${pass}: raw ${rate(rawPass).toFixed(1)} polls/s (client CPU ${msPerPoll(rawPass)} ms/poll), ` +
        `worker ${rate(workerPass).toFixed(1)} polls/s (worker CPU ${msPerPoll(workerPass)} ms/poll)`,
    );
    for (const [total, part] of [
      [raw, rawPass],
      [piped, workerPass],
    ] as const) {
      total.polls += part.polls;
      total.seconds += part.seconds;
      total.cpu += part.cpu;
    }
  }
  const ratio = rate(piped) / rate(raw);
  console.log('');
  console.log(`raw Pop3Client loop: ${rate(raw).toFixed(1)} polls/s`);
  console.log(`worker process:      ${rate(piped).toFixed(1)} polls/s = ${pct(ratio)} of raw`);
  console.log(
    `CPU per empty poll: worker ${msPerPoll(piped)} ms, raw client ${msPerPoll(raw)} ms ` +
      `(10,000 mailboxes every 5 min at the worker's cost: ` +
      `${pct((10_000 / 300) * (piped.cpu / piped.polls))} of one core)`,
  );
  console.log(`target ≥ 90 % of raw: ${verdict(ratio >= 0.9)}`);
} finally {
  await worker.stop();
  await queues.pollPop3.obliterate({ force: true });
  await queues.close();
  await redis.quit();
  await prisma.$disconnect();
  await mail.close();
}

/**
 * The product's own way in: the API's PollScheduler creates each mailbox's job scheduler,
 * whose first poll runs at once and fetches the old messages. Returns the job options of the
 * scheduler's template, which the measured polls reuse; the schedulers are then removed so
 * no scheduled poll joins a measurement.
 */
async function pollFirstRoundAsScheduled(target: WorkerProcess): Promise<JobsOptions> {
  const scheduler = new PollScheduler(prisma, queues);
  await runPool(tenant.mailboxIds, 8, (id) => scheduler.syncMailbox(tenant.tenantId, id));
  await waitForPolls(target, 0, MAILBOXES);
  const first = await queues.pollPop3.getJobScheduler(pollSchedulerId(tenant.mailboxIds[0] ?? ''));
  for (const id of tenant.mailboxIds) {
    await scheduler.removeMailbox(id);
  }
  return (first?.template?.opts ?? {}) as JobsOptions;
}

async function measureRaw() {
  const items = roundsOfMailboxIndexes();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await runPool(items, CONCURRENCY, async (index) => {
    const account = accounts[index] as (typeof accounts)[number];
    const session = await openPop3Session({
      host: '127.0.0.1',
      port: mail.stack.ports.pop3,
      security: 'STARTTLS',
      tls: { ca },
      auth: { type: 'password', user: account.email, pass: account.password },
    });
    await session.uidl();
    await session.quit();
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { polls: items.length, seconds, cpu: (cpu.user + cpu.system) / 1e6 };
}

async function measureWorker(target: WorkerProcess, opts: JobsOptions) {
  const items = roundsOfMailboxIndexes();
  const pid = target.child.pid as number;
  const base = countOutcomes(target);
  const cpuBefore = readProcessCpuSeconds(pid);
  const started = performance.now();
  // Round-major order, as the raw loop: with more mailboxes than polls in flight, no two
  // polls of one mailbox overlap (an overlap would end early at the mailbox lock).
  await queues.pollPop3.addBulk(
    items.map((index) => ({
      name: 'poll',
      data: { tenantId: tenant.tenantId, mailboxId: tenant.mailboxIds[index] },
      opts,
    })),
  );
  await waitForPolls(target, base, items.length);
  const seconds = (performance.now() - started) / 1000;
  const cpu = readProcessCpuSeconds(pid) - cpuBefore;
  return { polls: items.length, seconds, cpu };
}

/** Waits until `count` more polls have ended; fails unless every one was a complete poll. */
async function waitForPolls(target: WorkerProcess, base: number, count: number) {
  const deadline = Date.now() + 600_000;
  while (countOutcomes(target) - base < count) {
    if (Date.now() > deadline || target.child.exitCode !== null) {
      throw new Error(`polls did not finish: ${target.output().slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const odd = POLL_OUTCOMES.slice(1).map((msg) => `${msg}: ${target.countOf(msg)}`);
  if (POLL_OUTCOMES.slice(1).some((msg) => target.countOf(msg) > 0)) {
    throw new Error(`not every poll was a complete poll (${odd.join(', ')})`);
  }
}

function countOutcomes(target: WorkerProcess): number {
  return POLL_OUTCOMES.reduce((sum, msg) => sum + target.countOf(msg), 0);
}

function roundsOfMailboxIndexes(): number[] {
  return Array.from({ length: ROUNDS * MAILBOXES }, (_, i) => i % MAILBOXES);
}

function rate(part: { polls: number; seconds: number }): number {
  return part.polls / part.seconds;
}

function msPerPoll(part: { polls: number; cpu: number }): string {
  return ((part.cpu / part.polls) * 1000).toFixed(2);
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

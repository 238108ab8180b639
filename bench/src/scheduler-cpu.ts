import { createQueues } from '@postwerk/api/src/plugins/queues.ts';
import { PollScheduler } from '@postwerk/api/src/services/polling/poll-scheduler.ts';
import { createPrismaClient, parseKeyring, SecretBox } from '@postwerk/db';
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
import { createScheduledTenant } from './lib/bench-tenant.ts';
import { describeMachine } from './lib/machine.ts';
import { readProcessCpuSeconds } from './lib/process-cpu.ts';
import { runPool, verdict } from './lib/stats.ts';
import { spawnWorker, type WorkerProcess } from './lib/worker-process.ts';

// Worker CPU with N mailboxes polled every I minutes through the product's job schedulers
// (the API's PollScheduler, one BullMQ job scheduler per mailbox). The tenant's fetching is
// switched off in the database after the schedulers exist, so every due poll runs the whole
// BullMQ and worker path but ends after its two PostgreSQL reads, without POP3: the figure is
// the cost of scheduling, not of fetching. Figures are printed, never asserted.
const MAILBOXES = Number(process.env.BENCH_SCHED_MAILBOXES ?? 10_000);
const INTERVAL_MINUTES = Number(process.env.BENCH_SCHED_INTERVAL_MINUTES ?? 5);
// One full interval by default: any window that long holds exactly one due poll per mailbox.
const WINDOW_SECONDS = Number(process.env.BENCH_SCHED_WINDOW_S ?? INTERVAL_MINUTES * 60);
const SKIPPED = 'poll skipped: fetching is off for this mailbox';

await prepareDatabase();
const secrets = createBenchSecrets('sched');
const prisma = createPrismaClient({ databaseUrl: BENCH_DATABASE_URL, maxConnections: 8 });
const redis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: null });
const queues = createQueues(redis, secrets.prefix, pino({ level: 'warn' }));
const secretBox = new SecretBox(parseKeyring(secrets.keyring));
const tenant = await createScheduledTenant(prisma, secretBox, MAILBOXES, INTERVAL_MINUTES);

console.log(describeMachine());
console.log(
  `mailboxes: ${MAILBOXES.toLocaleString('en-US')}, each polled every ${INTERVAL_MINUTES} min ` +
    `(${(MAILBOXES / (INTERVAL_MINUTES * 60)).toFixed(1)} due polls/s on average), ` +
    `window ${WINDOW_SECONDS} s`,
);

const syncStarted = Date.now();
const scheduler = new PollScheduler(prisma, queues);
await runPool(tenant.mailboxIds, 8, (id) => scheduler.syncMailbox(tenant.tenantId, id));
const syncSeconds = (Date.now() - syncStarted) / 1000;
console.log(`job schedulers created through PollScheduler in ${syncSeconds.toFixed(1)} s`);
// Bypasses the API on purpose: through it, the schedulers would be removed with the setting.
await prisma.tenantSettings.update({
  where: { tenantId: tenant.tenantId },
  data: { fetchFromIncoming: false },
});

const worker = await spawnWorker(workerEnvOf(secrets, { DATABASE_URL: appDatabaseUrlOf() }));
const pid = worker.child.pid as number;
try {
  // Each scheduler's first poll is due at once; the next one an interval after its creation.
  const drainCpu = readProcessCpuSeconds(pid);
  const drainStarted = Date.now();
  await waitForSkips(worker, MAILBOXES);
  const drainSeconds = (Date.now() - drainStarted) / 1000;
  const drainCpuSeconds = readProcessCpuSeconds(pid) - drainCpu;
  console.log(
    `first round (${MAILBOXES} polls due at once): ${drainSeconds.toFixed(1)} s, worker CPU ` +
      `${drainCpuSeconds.toFixed(1)} s = ${((drainCpuSeconds / MAILBOXES) * 1000).toFixed(2)} ms ` +
      'per due poll',
  );
  if (Date.now() - syncStarted > INTERVAL_MINUTES * 60_000) {
    console.log('warning: the first round outlasted the interval; the window holds more polls');
  }

  const samples = await sampleWindow(worker, pid, WINDOW_SECONDS);
  report(samples);
  await reportRedis();
} finally {
  await worker.stop();
  await queues.pollPop3.obliterate({ force: true });
  await queues.close();
  await redis.quit();
  await prisma.$disconnect();
}

type Sample = { at: number; cpu: number; polls: number };

/** Once a second: the worker's CPU seconds and how many due polls it has ended so far. */
async function sampleWindow(target: WorkerProcess, workerPid: number, seconds: number) {
  const samples: Sample[] = [];
  const started = performance.now();
  for (let i = 0; i <= seconds; i++) {
    const wait = started + i * 1000 - performance.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    samples.push({
      at: performance.now(),
      cpu: readProcessCpuSeconds(workerPid),
      polls: target.countOf(SKIPPED),
    });
  }
  return samples;
}

function report(samples: Sample[]) {
  const first = samples[0] as Sample;
  const last = samples[samples.length - 1] as Sample;
  const seconds = (last.at - first.at) / 1000;
  const cpu = last.cpu - first.cpu;
  const polls = last.polls - first.polls;
  // A quiet second: no poll ended in it, nor in the seconds either side (a poll's work can
  // spill over a sample boundary).
  let quietSeconds = 0;
  let quietCpu = 0;
  for (let i = 2; i < samples.length - 1; i++) {
    const at = (k: number) => samples[k] as Sample;
    const [before, from, to, after] = [at(i - 2), at(i - 1), at(i), at(i + 1)];
    if (before.polls === after.polls) {
      quietSeconds += (to.at - from.at) / 1000;
      quietCpu += to.cpu - from.cpu;
    }
  }
  const share = cpu / seconds;
  console.log('');
  console.log(
    `window: ${seconds.toFixed(0)} s with ${polls} due polls (all skipped after two reads)`,
  );
  console.log(`worker CPU in the window: ${cpu.toFixed(2)} s = ${pct(share)} of one core`);
  if (quietSeconds > 0) {
    const idle = quietCpu / quietSeconds;
    const perPoll = polls > 0 ? ((cpu - idle * seconds) / polls) * 1000 : Number.NaN;
    console.log(
      `  of which idle (${quietSeconds.toFixed(0)} s with no poll due): ${pct(idle)} of one core`,
    );
    console.log(`  per due poll above idle: ${perPoll.toFixed(2)} ms`);
  }
  console.log(`target < 5 % of one core: ${verdict(share < 0.05)}`);
}

/** What the schedulers leave in Redis: one delayed job each, plus every finished poll. */
async function reportRedis() {
  const counts = await queues.pollPop3.getJobCounts('delayed', 'completed', 'failed');
  const perDay = (MAILBOXES * 24 * 60) / INTERVAL_MINUTES;
  const [finished] = await queues.pollPop3.getCompleted(0, 0);
  const prefix = `${secrets.prefix}:${queues.pollPop3.name}:`;
  const jobBytes = finished ? Number(await redis.memory('USAGE', `${prefix}${finished.id}`)) : 0;
  console.log(
    `redis: ${counts.delayed} delayed (next polls), ${counts.completed} completed and ` +
      `${counts.failed} failed poll jobs kept, about ${jobBytes} bytes each`,
  );
  if (!finished?.opts.removeOnComplete) {
    // Known limit: scheduled polls set no removeOnComplete, so every finished poll stays.
    console.log(
      `  finished polls are never removed: at this schedule ${perDay.toLocaleString('en-US')} ` +
        `a day, about ${((perDay * jobBytes) / 1024 ** 3).toFixed(1)} GiB of Redis a day`,
    );
  }
}

async function waitForSkips(target: WorkerProcess, count: number) {
  const deadline = Date.now() + INTERVAL_MINUTES * 60_000 * 2;
  while (target.countOf(SKIPPED) < count) {
    if (Date.now() > deadline || target.child.exitCode !== null) {
      throw new Error(`first round did not finish: ${target.output().slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function pct(value: number): string {
  return `${(value * 100).toFixed(2)} %`;
}

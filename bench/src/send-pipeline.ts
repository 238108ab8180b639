import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import nodemailer from 'nodemailer';
import { type BenchApi, type SignedIn, signIn, startBenchApi } from './lib/bench-api.ts';
import { createBenchSecrets, prepareDatabase, workerEnvOf } from './lib/bench-env.ts';
import { type BenchTenant, createSendingTenant } from './lib/bench-tenant.ts';
import { BENCH_ID_HEADER, type SmtpSink, startSmtpSink } from './lib/smtp-sink.ts';
import { formatRate, quantile, runPool, verdict } from './lib/stats.ts';
import { spawnWorker, type WorkerProcess } from './lib/worker-process.ts';

// Send pipeline: API → PostgreSQL + BullMQ → worker process(es) → SMTP sink, against raw pooled
// nodemailer to the same sink in the same run. Figures are printed, never asserted.
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 3000);
const MAILBOXES = Number(process.env.BENCH_MAILBOXES ?? 10);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 200);
const SUBMIT_CONCURRENCY = Number(process.env.BENCH_SUBMIT_CONCURRENCY ?? 8);
let serverErrors = 0;
const WORKER_CONCURRENCY = process.env.BENCH_WORKER_CONCURRENCY ?? '16';

const sink = await startSmtpSink();
await prepareDatabase();
const secrets = createBenchSecrets('send');
const api = await startBenchApi(secrets);
const tenant = await createSendingTenant(api.prisma, sink.port, MAILBOXES);
const session = await signIn(api.app, tenant.adminEmail, tenant.adminPassword);
const workerEnv = workerEnvOf(secrets, { WORKER_CONCURRENCY });

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}`);
console.log(
  `messages: ${MESSAGES}, mailboxes: ${MAILBOXES}, worker concurrency: ${WORKER_CONCURRENCY}`,
);

const raw = await measureRaw(sink);
console.log(`raw nodemailer (pool, defaults): ${formatRate(raw.rate)} msg/s`);
console.log(`raw latency at low load: p50 ${raw.p50.toFixed(1)} ms, p99 ${raw.p99.toFixed(1)} ms`);

const one = await measurePipeline(1);
const two = await measurePipeline(2);
const ratioOne = one.rate / raw.rate;
const scaling = two.rate / one.rate;
console.log('');
console.log(`pipeline, 1 worker: ${formatRate(one.rate)} msg/s = ${pct(ratioOne)} of raw`);
console.log(`  API accept rate alone: ${formatRate(one.submitRate)} msg/s`);
console.log(
  `  accept-to-250 at low load: p50 ${one.p50.toFixed(1)} ms, p99 ${one.p99.toFixed(1)} ms`,
);
console.log(`  duplicates at the sink: ${one.duplicates}`);
console.log(
  `pipeline, 2 workers: ${formatRate(two.rate)} msg/s = ${scaling.toFixed(2)}× one worker`,
);
console.log(
  `  accept-to-250 at low load: p50 ${two.p50.toFixed(1)} ms, p99 ${two.p99.toFixed(1)} ms`,
);
console.log(`  duplicates at the sink: ${two.duplicates}`);
console.log('');
console.log(`API 5xx answers retried by the client: ${serverErrors}`);
console.log(`target ≥ 90 % of raw with one worker: ${verdict(ratioOne >= 0.9)}`);
console.log(`target ≥ 1.7× with two workers: ${verdict(scaling >= 1.7)}`);

await api.close();
await sink.close();

async function measureRaw(target: SmtpSink) {
  target.reset();
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: target.port,
    pool: true,
    ignoreTLS: true,
  });
  const ids = Array.from({ length: MESSAGES }, () => randomUUID());
  const started = performance.now();
  await Promise.all(ids.map((id) => transport.sendMail(rawMail(id))));
  const rate = MESSAGES / ((performance.now() - started) / 1000);

  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const id = randomUUID();
    const before = performance.now();
    await transport.sendMail(rawMail(id));
    latencies.push(performance.now() - before);
  }
  transport.close();
  return { rate, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

async function measurePipeline(workerCount: number) {
  sink.reset();
  const workers: WorkerProcess[] = [];
  for (let i = 0; i < workerCount; i++) {
    workers.push(await spawnWorker(workerEnv));
  }
  try {
    // Warm-up: opens the worker's pooled connection and Prisma's pool.
    await submitAndWait(api, session, tenant, 20);
    sink.reset();

    const ids = Array.from({ length: MESSAGES }, () => randomUUID());
    const started = performance.now();
    let submittedAt = 0;
    const delivered = Promise.all(ids.map((id) => sink.waitFor(id)));
    await runPool(ids, SUBMIT_CONCURRENCY, async (id) => {
      await submit(api, session, pickMailbox(tenant, id), id);
    });
    submittedAt = performance.now();
    await delivered;
    const seconds = (performance.now() - started) / 1000;

    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const id = randomUUID();
      const acceptedAt = await submit(api, session, pickMailbox(tenant, id), id);
      latencies.push((await sink.waitFor(id)) - acceptedAt);
    }
    return {
      rate: MESSAGES / seconds,
      submitRate: MESSAGES / ((submittedAt - started) / 1000),
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      duplicates: [...sink.deliveries.values()].filter((count) => count > 1).length,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

async function submitAndWait(target: BenchApi, signed: SignedIn, t: BenchTenant, count: number) {
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    await submit(target, signed, pickMailbox(t, id), id);
    await sink.waitFor(id);
  }
}

/** POSTs one raw message; resolves with the time the API answered 202. */
async function submit(
  target: BenchApi,
  signed: SignedIn,
  mailboxId: string,
  id: string,
  attempt = 1,
): Promise<number> {
  const response = await target.app.inject({
    method: 'POST',
    url: `/api/mailboxes/${mailboxId}/messages`,
    headers: { ...signed.headers, 'idempotency-key': id },
    payload: {
      raw: rawMail(id).raw.toString('base64'),
      recipients: ['empfaenger@bench.example'],
    },
  });
  if (response.statusCode >= 500 && attempt < 5) {
    // A client retries a 5xx with the same Idempotency-Key; the API then stores it once.
    serverErrors += 1;
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    return submit(target, signed, mailboxId, id, attempt + 1);
  }
  if (response.statusCode !== 202) {
    throw new Error(`submit failed: ${response.statusCode} ${response.body}`);
  }
  return performance.now();
}

function pickMailbox(t: BenchTenant, id: string): string {
  return t.mailboxIds[Number.parseInt(id.slice(0, 4), 16) % t.mailboxIds.length] as string;
}

function rawMail(id: string) {
  const text = [
    'From: bench@bench.example',
    'To: empfaenger@bench.example',
    `Subject: Bench ${id}`,
    `Message-ID: <${id}@bench.example>`,
    `${BENCH_ID_HEADER}: ${id}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Guten Tag,\r\nanbei die Rechnung.\r\n'.repeat(20),
  ].join('\r\n');
  return {
    envelope: { from: 'bench@bench.example', to: ['empfaenger@bench.example'] },
    raw: Buffer.from(text),
  };
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

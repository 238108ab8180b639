import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { QUEUE_NAMES, SEND_JOB_OPTIONS, sendJobId } from '@postwerk/contracts';
import { createPrismaClient, type PrismaClient } from '@postwerk/db';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BENCH_DATABASE_URL,
  BENCH_REDIS_URL,
  createBenchSecrets,
  prepareDatabase,
  workerEnvOf,
} from '../src/lib/bench-env.ts';
import { type BenchTenant, createSendingTenant } from '../src/lib/bench-tenant.ts';
import { waitForJobEnd } from '../src/lib/job-end.ts';
import { readPeakRssMb } from '../src/lib/process-memory.ts';
import {
  type ScriptedSmtpServer,
  type SmtpFault,
  startScriptedSmtpServer,
} from '../src/lib/scripted-smtp-server.ts';
import { spawnWorker, type WorkerProcess } from '../src/lib/worker-process.ts';

// The product's attempts, each one SMTP transaction, with the backoff cut to half a second.
const SEND_OPTIONS = {
  attempts: SEND_JOB_OPTIONS.attempts,
  backoff: { type: 'fixed', delay: 500 },
} as const;
const MIXED_MESSAGES = 24;

// The worker sends through a scripted SMTP server whose connections hang, greet with garbage,
// drop in the middle of DATA, never answer the end of DATA, or send a 5 MB line. Each send
// ends with a classified error, transient ones are retried, none hangs, and every message
// ends SENT and delivered once, or FAILED with its reason and its bytes kept.
describe('sending through a misbehaving SMTP server', () => {
  let smtp: ScriptedSmtpServer;
  let prisma: PrismaClient;
  let redis: Redis;
  let queue: Queue;
  let worker: WorkerProcess;
  let tenant: BenchTenant;
  let mailboxId: string;
  let envelopeFrom: string;
  const secrets = createBenchSecrets('smtp-faults');
  const outcomes: string[] = [];

  beforeAll(async () => {
    await prepareDatabase();
    smtp = await startScriptedSmtpServer();
    prisma = createPrismaClient({ databaseUrl: BENCH_DATABASE_URL, maxConnections: 2 });
    redis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(QUEUE_NAMES.sendMail, { connection: redis, prefix: secrets.prefix });
    tenant = await createSendingTenant(prisma, smtp.port, 1);
    mailboxId = tenant.mailboxIds[0] as string;
    const mailbox = await prisma.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
    envelopeFrom = mailbox.externalAddress;
    worker = await spawnWorker(workerEnvOf(secrets, { MAIL_TIMEOUT_MS: '1500' }));
  });
  afterAll(async () => {
    await worker?.stop();
    console.log(`misbehaving SMTP server: ${outcomes.join('; ')}`);
    await prisma?.tenant.deleteMany({ where: { id: tenant?.tenantId } });
    await queue?.obliterate({ force: true });
    await queue?.close();
    await redis?.quit();
    await prisma?.$disconnect();
    await smtp?.close();
  });

  it.each<[SmtpFault, string]>([
    ['hang-after-connect', 'GREETING_TIMEOUT'],
    ['drop-mid-data', 'CONNECTION_DROPPED'],
    // The server got the whole message but never said 250, so it has not taken it over: the
    // retry is the only way it is delivered (RFC 5321 §4.1.1.4, RFC 1047).
    ['hang-after-data', 'OPERATION_TIMEOUT'],
  ])('retries after %s and delivers the message once', async (fault, code) => {
    await nextConnectionMisbehaves(fault);
    const benchId = randomUUID();

    const job = await sendAndWait(benchId);

    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(2);
    expect(worker.output()).toContain(`"code":"${code}"`);
    const row = await rowOf(job);
    expect(row.status).toBe('SENT');
    expect(row.attempts).toBe(2);
    expect(smtp.deliveries.get(benchId)).toBe(1);
    outcomes.push(`${fault}: ${code}, retried, delivered once`);
  });

  it.each<[SmtpFault, string]>([
    ['garbage-greeting', 'PROTOCOL_MISMATCH'],
    ['huge-line', 'PROTOCOL_MISMATCH'],
  ])('fails without retry on %s, keeps the message and its reason', async (fault, code) => {
    await nextConnectionMisbehaves(fault);
    const benchId = randomUUID();
    const peakBefore = await readPeakRssMb(worker.child.pid as number);

    const job = await sendAndWait(benchId);

    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toBe(code);
    expect(job.attemptsMade).toBe(1);
    const row = await rowOf(job);
    expect(row.status).toBe('FAILED');
    expect(row.errorCode).toBe(code);
    expect(row.errorMessage).toMatch(/\S/);
    expect(Buffer.from(row.raw).toString()).toContain(`X-Bench-Id: ${benchId}`);
    expect(smtp.deliveries.has(benchId)).toBe(false);
    const peakAfter = await readPeakRssMb(worker.child.pid as number);
    const peak = `worker peak RSS ${peakBefore} → ${peakAfter} MB`;
    outcomes.push(`${fault}: ${code}, not retried, kept as FAILED, ${peak}`);
  });

  it('ends every message of a mixed run SENT once or FAILED, none hung or lost', async () => {
    const transient: SmtpFault[] = ['hang-after-connect', 'drop-mid-data', 'hang-after-data'];
    smtp.dropConnections();
    await sleep(200);
    smtp.queueFaults(...transient, 'garbage-greeting', ...transient, 'huge-line');
    const ids = Array.from({ length: MIXED_MESSAGES }, () => randomUUID());

    const jobs = await Promise.all(ids.map((id) => sendAndWait(id)));

    const rows = await Promise.all(jobs.map(rowOf));
    const sent = rows.filter((row) => row.status === 'SENT');
    const failed = rows.filter((row) => row.status === 'FAILED');
    const lost = ids.filter((id, i) => rows[i]?.status === 'SENT' && !smtp.deliveries.has(id));
    const twice = ids.filter((id) => (smtp.deliveries.get(id) ?? 0) > 1);
    outcomes.push(
      `mixed run of ${MIXED_MESSAGES}: ${sent.length} sent, ${failed.length} failed ` +
        `(${failed.map((row) => row.errorCode).join(', ')}), lost ${lost.length}, ` +
        `delivered twice ${twice.length}`,
    );
    expect(sent.length + failed.length).toBe(MIXED_MESSAGES);
    expect(lost).toEqual([]);
    expect(twice).toEqual([]);
    // Fewer transient faults are queued than a message has attempts: only the two connections
    // that greet with something other than SMTP can fail a message for good.
    expect(failed.length).toBeLessThanOrEqual(2);
    expect(failed.every((row) => row.errorCode === 'PROTOCOL_MISMATCH')).toBe(true);
    for (const [i, row] of rows.entries()) {
      expect(smtp.deliveries.get(ids[i] as string) ?? 0).toBe(row.status === 'SENT' ? 1 : 0);
    }
  });

  /** Ends the pooled connections, so the next send connects again and meets the fault. */
  async function nextConnectionMisbehaves(fault: SmtpFault): Promise<void> {
    smtp.dropConnections();
    await sleep(200);
    smtp.queueFaults(fault);
  }

  async function sendAndWait(benchId: string): Promise<Job> {
    const raw = `X-Bench-Id: ${benchId}\r\nSubject: Fault\r\n\r\n.Zeile\r\nText\r\n`;
    const message = await prisma.outboundMessage.create({
      data: {
        tenantId: tenant.tenantId,
        mailboxId,
        envelopeFrom,
        recipients: ['x@bench.example'],
        raw: Buffer.from(raw),
      },
    });
    const job = await queue.add(
      'send',
      { tenantId: tenant.tenantId, outboundMessageId: message.id },
      { ...SEND_OPTIONS, jobId: sendJobId(message.id) },
    );
    return waitForJobEnd(queue, job);
  }

  async function rowOf(job: Job) {
    return prisma.outboundMessage.findUniqueOrThrow({
      where: { id: (job.data as { outboundMessageId: string }).outboundMessageId },
    });
  }
});

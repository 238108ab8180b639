import { QUEUE_NAMES } from '@postwerk/contracts';
import { createPrismaClient, type PrismaClient, parseKeyring, SecretBox } from '@postwerk/db';
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
import { waitForJobEnd } from '../src/lib/job-end.ts';
import { readPeakRssMb } from '../src/lib/process-memory.ts';
import {
  type Pop3Fault,
  type ScriptedPop3Server,
  startScriptedPop3Server,
} from '../src/lib/scripted-pop3-server.ts';
import { spawnWorker, type WorkerProcess } from '../src/lib/worker-process.ts';

const PER_ROUND = 3;
// Every attempt of a poll is one POP3 connection; a transient failure is retried soon.
const POLL_OPTIONS = { attempts: 3, backoff: { type: 'fixed', delay: 500 } } as const;

// The worker polls a scripted POP3 server whose connections hang, send garbage, drop in the
// middle of RETR or send a 5 MB line. Each poll ends with a classified error, transient ones
// are retried, none hangs, and every message ends stored exactly once and gone from the server.
describe('fetching from a misbehaving POP3 server', () => {
  let pop3: ScriptedPop3Server;
  let prisma: PrismaClient;
  let redis: Redis;
  let queue: Queue;
  let worker: WorkerProcess;
  let tenantId: string;
  let mailboxId: string;
  let delivered = 0;
  const secrets = createBenchSecrets('pop3-faults');
  const outcomes: string[] = [];

  beforeAll(async () => {
    await prepareDatabase();
    pop3 = await startScriptedPop3Server();
    prisma = createPrismaClient({ databaseUrl: BENCH_DATABASE_URL, maxConnections: 2 });
    redis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(QUEUE_NAMES.pollPop3, { connection: redis, prefix: secrets.prefix });
    ({ tenantId, mailboxId } = await createPlainPop3Mailbox(prisma, secrets.keyring, pop3.port));
    worker = await spawnWorker(workerEnvOf(secrets, { MAIL_TIMEOUT_MS: '1500' }));
  });
  afterAll(async () => {
    await worker?.stop();
    console.log(`misbehaving POP3 server: ${outcomes.join('; ')}`);
    await prisma?.tenant.deleteMany({ where: { id: tenantId } });
    await queue?.obliterate({ force: true });
    await queue?.close();
    await redis?.quit();
    await prisma?.$disconnect();
    await pop3?.close();
  });

  it.each<[Pop3Fault, string]>([
    ['drop-mid-retr', 'POP3_CONNECTION_DROPPED'],
    ['hang-after-connect', 'GREETING_TIMEOUT'],
    ['hang-on-retr', 'OPERATION_TIMEOUT'],
  ])('retries after %s and stores each message once', async (fault, code) => {
    deliverRound(fault);
    pop3.queueFaults(fault);

    const job = await pollAndWait();

    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(2);
    expect(worker.output()).toContain(`"code":"${code}"`);
    await expectEachStoredOnceAndServerEmpty();
    outcomes.push(`${fault}: ${code}, retried, ${delivered} stored once`);
  });

  it.each<[Pop3Fault, string]>([
    ['garbage-greeting', 'PROTOCOL_MISMATCH'],
    ['huge-line', 'POP3_PROTOCOL_ERROR'],
  ])('fails without retry on %s and loses nothing', async (fault, code) => {
    deliverRound(fault);
    pop3.queueFaults(fault);
    const peakBefore = await readPeakRssMb(worker.child.pid as number);

    const job = await pollAndWait();

    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toBe(code);
    expect(job.attemptsMade).toBe(1);
    expect(pop3.count()).toBe(PER_ROUND);
    // The next regular poll fetches what stayed on the server.
    expect(await (await pollAndWait()).getState()).toBe('completed');
    await expectEachStoredOnceAndServerEmpty();
    const peakAfter = await readPeakRssMb(worker.child.pid as number);
    const peak = `worker peak RSS ${peakBefore} → ${peakAfter} MB`;
    outcomes.push(`${fault}: ${code}, not retried, ${peak}`);
  });

  function deliverRound(tag: string): void {
    for (let i = 0; i < PER_ROUND; i++) {
      delivered += 1;
      const id = `<${tag}-${i}@bench.example>`;
      pop3.deliver(`Message-ID: ${id}\r\nSubject: Fault ${delivered}\r\n\r\n.Zeile\r\nText\r\n`);
    }
  }

  async function pollAndWait(): Promise<Job> {
    const job = await queue.add('poll', { tenantId, mailboxId }, POLL_OPTIONS);
    return waitForJobEnd(queue, job);
  }

  async function expectEachStoredOnceAndServerEmpty(): Promise<void> {
    const rows = await prisma.receivedMessage.findMany({
      where: { mailboxId },
      select: { subject: true, raw: true },
    });
    const subjects = new Set(rows.map((row) => row.subject));
    expect(rows).toHaveLength(delivered);
    expect(subjects.size).toBe(delivered);
    expect(
      rows.every((row) => Buffer.from(row.raw).toString().endsWith('.Zeile\r\nText\r\n')),
    ).toBe(true);
    expect(pop3.count()).toBe(0);
  }
});

async function createPlainPop3Mailbox(prisma: PrismaClient, keyring: string, port: number) {
  const tenant = await prisma.tenant.create({
    data: {
      slug: `pop3-faults-${port}-${Date.now().toString(36)}`,
      name: 'POP3 faults',
      settings: { create: { fetchFromIncoming: true, logPop3Sessions: false } },
    },
  });
  const secretBox = new SecretBox(parseKeyring(keyring));
  const server = await prisma.incomingServer.create({
    data: {
      tenantId: tenant.id,
      name: 'Scripted POP3',
      host: '127.0.0.1',
      port,
      security: 'NONE',
      authMethod: 'PASSWORD',
      username: 'faults@bench.example',
      passwordCipher: secretBox.encrypt('Pw-faults', {
        tenantId: tenant.id,
        purpose: 'server-password',
      }),
    },
  });
  const mailbox = await prisma.mailbox.create({
    data: {
      tenantId: tenant.id,
      kind: 'EMPLOYEE',
      code: 'FAULTS',
      displayName: 'Faults',
      externalAddress: 'faults@bench.example',
      relayAddress: `faults.${tenant.slug}@relay.example`,
      incomingRelayAddress: `faults.${tenant.slug}@relay.example`,
      incomingServerId: server.id,
    },
  });
  return { tenantId: tenant.id, mailboxId: mailbox.id };
}

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchApi, type SignedIn, signIn, startBenchApi } from '../src/lib/bench-api.ts';
import { createBenchSecrets, prepareDatabase, workerEnvOf } from '../src/lib/bench-env.ts';
import { type BenchTenant, createSendingTenant } from '../src/lib/bench-tenant.ts';
import { FAST_RECOVERY_ENV, runKillRounds } from '../src/lib/kill-rounds.ts';
import { BENCH_ID_HEADER, type SmtpSink, startSmtpSink } from '../src/lib/smtp-sink.ts';
import { runPool } from '../src/lib/stats.ts';
import { spawnWorker } from '../src/lib/worker-process.ts';

const MESSAGES = 1000;
const KILL_ROUNDS = 5;

// 1,000 messages accepted by the API while workers are killed with SIGKILL at random points:
// every one must reach the SMTP server and end SENT. A duplicate delivery can only come from
// a kill between the server's 250 and the SENT marker's commit; it is counted and bounded.
describe('sending survives SIGKILL of the worker at random points', () => {
  let sink: SmtpSink;
  let api: BenchApi;
  let tenant: BenchTenant;
  let session: SignedIn;
  const secrets = createBenchSecrets('kill-send');

  beforeAll(async () => {
    sink = await startSmtpSink();
    await prepareDatabase();
    api = await startBenchApi(secrets);
    tenant = await createSendingTenant(api.prisma, sink.port, 5);
    session = await signIn(api.app, tenant.adminEmail, tenant.adminPassword);
  });
  afterAll(async () => {
    await api?.close();
    await sink?.close();
  });

  it('loses no message and stores none twice', async () => {
    const env = workerEnvOf(secrets, { ...FAST_RECOVERY_ENV, WORKER_CONCURRENCY: '16' });
    const ids = Array.from({ length: MESSAGES }, () => randomUUID());
    // Submissions and kills overlap: the API keeps accepting while workers die.
    const submitting = runPool(ids, 16, async (id) => {
      await submit(id, tenant.mailboxIds[ids.indexOf(id) % 5] as string);
    });
    const lifetimes = await runKillRounds({ env, rounds: KILL_ROUNDS, minMs: 300, maxMs: 2500 });
    await submitting;

    const finisher = await spawnWorker(env);
    try {
      await waitUntil(async () => {
        const open = await api.prisma.outboundMessage.count({
          where: { tenantId: tenant.tenantId, status: { not: 'SENT' } },
        });
        return open === 0;
      }, 100_000);
    } finally {
      await finisher.stop();
    }

    const stored = await api.prisma.outboundMessage.findMany({
      where: { tenantId: tenant.tenantId },
      select: { status: true, raw: true },
    });
    const storedIds = stored.map((row) => benchIdOf(Buffer.from(row.raw)));
    const lost = ids.filter((id) => !sink.deliveries.has(id)).length;
    const duplicated = [...sink.deliveries.values()].filter((count) => count > 1).length;
    console.log(
      `sends under SIGKILL: kills after ${lifetimes.join(', ')} ms; lost ${lost}, ` +
        `stored twice ${storedIds.length - new Set(storedIds).size}, ` +
        `delivered twice by SMTP ${duplicated} (kill between 250 and the SENT commit)`,
    );
    expect(lost).toBe(0);
    expect(stored).toHaveLength(MESSAGES);
    expect(new Set(storedIds).size).toBe(MESSAGES);
    expect(stored.every((row) => row.status === 'SENT')).toBe(true);
    // At most the jobs in flight at each kill can be delivered twice.
    expect(duplicated).toBeLessThanOrEqual(KILL_ROUNDS * 16);
  });

  async function submit(id: string, mailboxId: string): Promise<void> {
    const raw = `${BENCH_ID_HEADER}: ${id}\r\nSubject: Fault ${id}\r\n\r\nText\r\n`;
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

function benchIdOf(raw: Buffer): string {
  return /X-Bench-Id: (\S+)/.exec(raw.toString('latin1'))?.[1] ?? '';
}

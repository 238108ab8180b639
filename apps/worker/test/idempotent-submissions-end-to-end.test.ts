import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, type ApiSession, startApi } from './helpers/api-fixture.ts';
import { countDeliveriesBySubject } from './helpers/mail-sink.ts';
import { PASSWORD_ACCOUNT } from './helpers/test-accounts.ts';
import { waitFor } from './helpers/wait.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';

const MESSAGES = 50;
// Keys submitted at the same time; each key's two submissions always race each other.
const KEYS_IN_FLIGHT = 10;

// A client that retries a submission (timeout, lost answer) sends its Idempotency-Key again:
// through the real API, BullMQ, the worker and the mail stack's SMTP server, each message
// must arrive exactly once, and both answers must name the same message.
describe('submitting every message twice with one Idempotency-Key', () => {
  let f: WorkerFixture;
  let api: ApiFixture;
  let session: ApiSession;
  let mailboxId: string;

  beforeAll(async () => {
    f = await createWorkerFixture();
    await f.startWorker();
    const target = await createMailboxOnStack(f, {
      auth: { type: 'password', ...PASSWORD_ACCOUNT },
      logSessions: false,
    });
    mailboxId = target.mailboxId;
    api = await startApi(f);
    session = await api.signInAdminOf(target.tenantId);
  });
  afterAll(async () => {
    await api?.close();
    await f?.close();
  });

  function submit(key: string, subject: string) {
    return session.request({
      method: 'POST',
      url: `/api/mailboxes/${mailboxId}/messages`,
      headers: { 'idempotency-key': key },
      payload: { to: ['empfaenger@example.com'], subject, text: `Guten Tag,\r\n${subject}\r\n` },
    });
  }

  it('sends 50 messages once each and answers both submissions with the same id', async () => {
    const tag = `idem-${randomUUID()}`;
    const subjects = Array.from({ length: MESSAGES }, (_, i) => `${tag} ${i}`);
    const pairs: Array<{ subject: string; ids: string[]; statuses: number[] }> = [];

    for (let start = 0; start < MESSAGES; start += KEYS_IN_FLIGHT) {
      const chunk = subjects.slice(start, start + KEYS_IN_FLIGHT);
      const answered = await Promise.all(
        chunk.map(async (subject) => {
          const key = randomUUID();
          const responses = await Promise.all([submit(key, subject), submit(key, subject)]);
          return {
            subject,
            ids: responses.map((response) => response.json().id as string),
            statuses: responses.map((response) => response.statusCode),
          };
        }),
      );
      pairs.push(...answered);
    }

    expect(pairs.flatMap((pair) => pair.statuses)).toEqual(Array(MESSAGES * 2).fill(202));
    expect(pairs.filter((pair) => pair.ids[0] !== pair.ids[1])).toEqual([]);
    const ids = pairs.map((pair) => pair.ids[0] as string);
    expect(new Set(ids).size).toBe(MESSAGES);

    const rows = await waitFor(
      async () => {
        const found = await f.prisma.outboundMessage.findMany({ where: { mailboxId } });
        const settled = found.every((row) => row.status === 'SENT' || row.status === 'FAILED');
        return settled && found;
      },
      45_000,
      'every message sent',
    );
    // A duplicate delivery would come from a second job; wait until none is left anywhere.
    await waitFor(async () => {
      const counts = await f.queue('sendMail').getJobCounts('waiting', 'active', 'delayed');
      return Object.values(counts).every((count) => count === 0);
    });
    const deliveries = await countDeliveriesBySubject(tag);

    expect(rows).toHaveLength(MESSAGES);
    expect(rows.filter((row) => row.status !== 'SENT' || row.attempts !== 1)).toEqual([]);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(ids));
    expect([...deliveries.keys()].sort()).toEqual([...subjects].sort());
    expect([...deliveries.values()].every((count) => count === 1)).toBe(true);
    // The status route reports what the worker did, for any of the ids answered.
    const status = await session.get(`/api/messages/${ids[0]}`);
    expect(status.json()).toMatchObject({ id: ids[0], status: 'SENT', attempts: 1 });
  });
});

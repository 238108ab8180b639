import { randomUUID } from 'node:crypto';
import { QUEUE_NAMES, sendJobId } from '@postwerk/contracts';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from './helpers/browser-session.ts';
import { createTenantWithAdmin, type TenantFixture } from './helpers/fixtures.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

describe('message submission', () => {
  let t: TestApp;
  let tenant: TenantFixture;
  let admin: BrowserSession;
  let mailboxId: string;
  let queue: Queue;

  beforeAll(async () => {
    t = await createTestApp({ QUEUE_PREFIX: `test-${randomUUID()}` });
    queue = new Queue(QUEUE_NAMES.sendMail, { connection: t.redis, prefix: t.env.QUEUE_PREFIX });
    tenant = await createTenantWithAdmin(t.prisma);
    admin = await BrowserSession.signedIn(t.app, tenant.adminEmail, tenant.adminPassword);
    const created = await admin.request({
      method: 'POST',
      url: '/api/mailboxes',
      payload: {
        kind: 'EMPLOYEE',
        code: 'MUELLER',
        displayName: 'Müller, Jürgen',
        externalAddress: 'mueller@bau-firma.de',
      },
    });
    mailboxId = created.json().id;
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await t.close();
  });

  function submit(key: string, subject: string) {
    return admin.request({
      method: 'POST',
      url: `/api/mailboxes/${mailboxId}/messages`,
      headers: { 'idempotency-key': key },
      payload: { to: ['kunde@example.com'], subject, text: 'Guten Tag' },
    });
  }

  it('accepts a message with 202, stores it and queues one send job', async () => {
    const response = await submit(randomUUID(), 'Angebot');

    expect(response.statusCode).toBe(202);
    const { id, status } = response.json();
    expect(status).toBe('QUEUED');
    const row = await t.prisma.outboundMessage.findUniqueOrThrow({ where: { id } });
    const raw = Buffer.from(row.raw).toString();
    // Relay route (the default): bounces to the relay address, replies to the mailbox.
    expect(row.envelopeFrom).toBe(`mueller.${tenant.slug}@relay.postwerk.example`);
    expect(raw).toContain('Reply-To: =?UTF-8?Q?M=C3=BCller=2C_J=C3=BCrgen?=');
    expect(await queue.getJob(sendJobId(id))).toBeDefined();
  });

  it('stores and queues 50 messages once each when each is submitted twice', async () => {
    const keys = Array.from({ length: 50 }, () => randomUUID());
    const first = await Promise.all(keys.map((key, i) => submit(key, `Rechnung ${i}`)));
    const second = await Promise.all(keys.map((key, i) => submit(key, `Rechnung ${i}`)));

    expect(first.map((r) => r.statusCode)).toEqual(keys.map(() => 202));
    expect(second.map((r) => r.json().id)).toEqual(first.map((r) => r.json().id));
    const rows = await t.prisma.outboundMessage.count({
      where: { mailboxId, idempotencyKey: { in: keys } },
    });
    expect(rows).toBe(50);
    const jobs = await Promise.all(first.map((r) => queue.getJob(sendJobId(r.json().id))));
    expect(jobs.filter(Boolean)).toHaveLength(50);
  });

  it('queues a stored message again when its retried submission finds no send job', async () => {
    const key = randomUUID();
    const first = await submit(key, 'Zweiter Versuch');
    const id = first.json().id;
    // What a client sees when the first try stored the row but never queued it.
    await queue.remove(sendJobId(id));

    const retried = await submit(key, 'Zweiter Versuch');

    expect(retried.statusCode).toBe(202);
    expect(retried.json().id).toBe(id);
    expect(await queue.getJob(sendJobId(id))).toBeDefined();
  });

  it('stores and queues one message when 20 submissions with one key arrive at once', async () => {
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 20 }, () => submit(key, 'Mahnung')));

    expect(responses.map((r) => r.statusCode)).toEqual(responses.map(() => 202));
    const ids = new Set(responses.map((r) => r.json().id));
    expect(ids.size).toBe(1);
    const rows = await t.prisma.outboundMessage.findMany({
      where: { mailboxId, idempotencyKey: key },
    });
    expect(rows.map((row) => row.id)).toEqual([...ids]);
    expect(await queue.getJob(sendJobId(rows[0]?.id ?? ''))).toBeDefined();
  });

  it('refuses an Idempotency-Key reused for a different message', async () => {
    const key = randomUUID();
    await submit(key, 'Erste');
    const reused = await submit(key, 'Zweite');

    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('accepts raw MIME and keeps its bytes exactly', async () => {
    const raw = Buffer.from('From: a@b.de\r\nSubject: roh\r\n\r\n.Zeile mit Punkt\r\nEnde');
    const response = await admin.request({
      method: 'POST',
      url: `/api/mailboxes/${mailboxId}/messages`,
      payload: { raw: raw.toString('base64'), recipients: ['kunde@example.com'] },
    });

    expect(response.statusCode).toBe(202);
    const row = await t.prisma.outboundMessage.findUniqueOrThrow({
      where: { id: response.json().id },
    });
    expect(Buffer.from(row.raw).equals(raw)).toBe(true);
  });

  it('refuses a settings test for a mailbox without servers, saying what is missing', async () => {
    const response = await admin.request({
      method: 'POST',
      url: `/api/mailboxes/${mailboxId}/tests`,
      payload: { kind: 'INCOMING' },
    });

    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('Posteingangsserver');
  });
});

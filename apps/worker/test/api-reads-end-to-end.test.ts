import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, type ApiSession, startApi } from './helpers/api-fixture.ts';
import { OAUTH_ACCOUNTS, PASSWORD_ACCOUNT } from './helpers/test-accounts.ts';
import { waitFor } from './helpers/wait.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  mailControl,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';

const ACCOUNT = OAUTH_ACCOUNTS.idempotent;

type MessageStatus = { id: string; status: string; attempts: number; [key: string]: unknown };

// What vendor software reads without a browser: a submitted message's status as the worker
// moves it on, the received messages a poll stored, and a settings test's progress; and
// none of it for another tenant's admin.
describe('API reads against what the worker did', () => {
  let f: WorkerFixture;
  let api: ApiFixture;
  let admin: ApiSession;
  let mailboxId: string;
  let tenantId: string;
  const seen = { messageId: '', receivedId: '', testRunId: '' };

  beforeAll(async () => {
    f = await createWorkerFixture();
    const target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: ACCOUNT },
      logSessions: false,
    });
    ({ mailboxId, tenantId } = target);
    api = await startApi(f);
    admin = await api.signInAdminOf(tenantId);
  });
  afterAll(async () => {
    await mailControl.set(ACCOUNT, { sendAsDenied: false });
    await api?.close();
    await f?.close();
  });

  async function submit(subject: string): Promise<MessageStatus> {
    const response = await admin.request({
      method: 'POST',
      url: `/api/mailboxes/${mailboxId}/messages`,
      payload: { to: ['kunde@example.com'], subject, text: 'Guten Tag' },
    });
    expect(response.statusCode, response.body).toBe(202);
    return response.json();
  }

  function statusOf(id: string) {
    return admin.get(`/api/messages/${id}`).then((response) => response.json() as MessageStatus);
  }

  function settled(id: string) {
    return waitFor(async () => {
      const status = await statusOf(id);
      return ['SENT', 'FAILED'].includes(status.status) && status;
    }, 30_000);
  }

  it('reports a message as QUEUED until a worker runs, then as SENT', async () => {
    const accepted = await submit(`Status ${randomUUID()}`);
    seen.messageId = accepted.id;

    const queued = await statusOf(accepted.id);
    await f.startWorker();
    const sent = await settled(accepted.id);

    expect(accepted).toMatchObject({ status: 'QUEUED', attempts: 0, mailboxId });
    expect(queued).toMatchObject({ id: accepted.id, status: 'QUEUED', sentAt: null });
    expect(sent).toMatchObject({ status: 'SENT', attempts: 1, errorCode: null });
    expect(sent.smtpResponse).toMatch(/^250 /);
    const sentAt = Date.parse(sent.sentAt as string);
    expect(sentAt).toBeGreaterThanOrEqual(Date.parse(accepted.createdAt as string));
  });

  it('reports a refused message as FAILED with the code, the German reason and the reply', async () => {
    await mailControl.set(ACCOUNT, { sendAsDenied: true });

    const accepted = await submit(`Abgelehnt ${randomUUID()}`);
    const failed = await settled(accepted.id);
    await mailControl.set(ACCOUNT, { sendAsDenied: false });

    expect(failed).toMatchObject({
      status: 'FAILED',
      attempts: 1,
      errorCode: 'SMTP_SENDER_NOT_ALLOWED',
      sentAt: null,
    });
    expect(failed.smtpResponse).toContain('5.2.252');
    // What to do, in German: grant "Senden als" in the Exchange Admin Center.
    expect(failed.errorMessage).toMatch(/^Das angemeldete Konto darf nicht .*„Senden als“/);
  });

  it('lists and reads a fetched message: headers, text body and size', async () => {
    const marker = `${randomUUID()}@example.com`;
    const raw = Buffer.from(
      [
        'From: =?UTF-8?Q?B=C3=BCro_M=C3=BCller?= <buero@example.com>',
        `To: ${ACCOUNT}`,
        'Subject: =?UTF-8?Q?Rechnung_f=C3=BCr_M=C3=A4rz?=',
        `Message-ID: <${marker}>`,
        'Date: Tue, 03 Mar 2026 10:00:00 +0100',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Gr=C3=BC=C3=9Fe aus K=C3=B6ln',
        '.Zeile mit Punkt',
        '',
      ].join('\r\n'),
    );
    await mailControl.deliver(ACCOUNT, raw);

    const job = await f.queue('pollPop3').add('poll', { tenantId, mailboxId });
    await waitFor(async () => (await job.getState()) === 'completed', 30_000, 'poll');
    const list = await admin.get(`/api/mailboxes/${mailboxId}/inbox`);
    const item = (list.json() as Array<Record<string, unknown>>).find(
      (entry) => entry.messageId === `<${marker}>`,
    );
    seen.receivedId = item?.id as string;
    const read = await admin.get(`/api/mailboxes/${mailboxId}/inbox/${seen.receivedId}`);
    const view = read.json();
    const download = await admin.get(`/api/mailboxes/${mailboxId}/inbox/${seen.receivedId}/raw`);

    expect(list.statusCode).toBe(200);
    expect(item).toMatchObject({
      mailboxId,
      size: raw.length,
      subject: 'Rechnung für März',
      fromAddress: 'buero@example.com',
      fromName: 'Büro Müller',
      sentDate: '2026-03-03T09:00:00.000Z',
    });
    expect(read.statusCode).toBe(200);
    expect(view).toMatchObject({ id: seen.receivedId, size: raw.length, attachments: [] });
    expect(view.headers).toEqual(
      expect.arrayContaining([
        { key: 'From', value: 'Büro Müller <buero@example.com>' },
        { key: 'Subject', value: 'Rechnung für März' },
        { key: 'Message-ID', value: `<${marker}>` },
      ]),
    );
    expect(view.text.replaceAll('\r\n', '\n')).toBe('Grüße aus Köln\n.Zeile mit Punkt\n');
    expect(Buffer.from(download.rawPayload).equals(raw)).toBe(true);
  });

  it('follows an incoming-server test step by step through GET /api/settings-tests/:id', async () => {
    const started = await admin.request({
      method: 'POST',
      url: `/api/mailboxes/${mailboxId}/tests`,
      payload: { kind: 'INCOMING' },
    });
    expect(started.statusCode, started.body).toBe(202);
    seen.testRunId = started.json().id;

    const stepCounts: number[] = [];
    const run = await waitFor(async () => {
      const response = await admin.get(`/api/settings-tests/${seen.testRunId}`);
      const body = response.json();
      stepCounts.push(body.steps.length);
      return body.finishedAt && body;
    }, 30_000);

    expect(started.json()).toMatchObject({ kind: 'INCOMING', status: 'QUEUED', steps: [] });
    expect(run.status).toBe('PASSED');
    expect(
      run.steps.map((step: { key: string; status: string }) => [step.key, step.status]),
    ).toEqual([
      ['connect', 'passed'],
      ['tls', 'passed'],
      ['auth', 'passed'],
      ['list', 'passed'],
    ]);
    expect(
      run.steps.every((step: { durationMs?: number }) => typeof step.durationMs === 'number'),
    ).toBe(true);
    // Steps are appended as they finish: the count the portal sees never goes back.
    expect(stepCounts).toEqual([...stepCounts].sort((a, b) => a - b));
  });

  it("answers 404 to another tenant's admin for each of these ids", async () => {
    const other = await createMailboxOnStack(f, {
      auth: { type: 'password', ...PASSWORD_ACCOUNT },
      logSessions: false,
    });
    const stranger = await api.signInAdminOf(other.tenantId);
    const paths = [
      `/api/messages/${seen.messageId}`,
      `/api/mailboxes/${mailboxId}/inbox`,
      `/api/mailboxes/${mailboxId}/inbox/${seen.receivedId}`,
      `/api/mailboxes/${mailboxId}/inbox/${seen.receivedId}/raw`,
      // Its own mailbox with the other tenant's message id.
      `/api/mailboxes/${other.mailboxId}/inbox/${seen.receivedId}`,
      `/api/settings-tests/${seen.testRunId}`,
    ];

    const answers = await Promise.all(paths.map((path) => stranger.get(path)));

    expect(Object.values(seen).every((id) => id.length === 36)).toBe(true);
    expect(answers.map((answer) => answer.statusCode)).toEqual(paths.map(() => 404));
    expect((await admin.get(`/api/messages/${seen.messageId}`)).statusCode).toBe(200);
  });
});

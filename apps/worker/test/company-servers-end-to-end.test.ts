import { randomUUID } from 'node:crypto';
import { pollSchedulerId } from '@postwerk/contracts';
import { ACCESS_TOKEN_PURPOSE } from '@postwerk/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiFixture, type ApiSession, startApi } from './helpers/api-fixture.ts';
import { readSink } from './helpers/mail-sink.ts';
import { runSettingsTest } from './helpers/run-settings-test.ts';
import { type SmtpSink, startSmtpSink } from './helpers/smtp-sink.ts';
import { OAUTH_ACCOUNTS, PASSWORD_ACCOUNT } from './helpers/test-accounts.ts';
import { waitFor } from './helpers/wait.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  mailControl,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';

const ACCOUNT = OAUTH_ACCOUNTS.perCompany;
const PASSWORD_A = 'Kennwort-Firma-A§1';

// "Verschiedene Server je Firma" for real: a message submitted for a company goes through the
// mailbox's server for that company, one without a company (or for a company without a
// choice) through the mailbox's own server. Company A sends through a second SMTP server with
// a password of its own, company B through a third with the mailbox's one Microsoft account,
// company C through the mail stack's implicit-TLS port; the mailbox's own server is the mail
// stack's STARTTLS port.
describe('servers per company', () => {
  let f: WorkerFixture;
  let api: ApiFixture;
  let session: ApiSession;
  let sinkA: SmtpSink;
  let sinkB: SmtpSink;
  let target: Awaited<ReturnType<typeof createMailboxOnStack>>;
  const company: Record<'a' | 'b' | 'c' | 'none', string> = { a: '', b: '', c: '', none: '' };
  const server: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };

  beforeAll(async () => {
    f = await createWorkerFixture();
    await f.startWorker();
    [sinkA, sinkB] = await Promise.all([startSmtpSink(), startSmtpSink()]);
    target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: ACCOUNT },
      keepCopyOnServer: true,
      logSessions: false,
    });
    const { tenantId } = target;
    await f.prisma.tenantSettings.update({
      where: { tenantId },
      data: { serversPerCompany: true },
    });
    for (const key of ['a', 'b', 'c', 'none'] as const) {
      const row = await f.prisma.company.create({ data: { tenantId, name: `Firma ${key}` } });
      company[key] = row.id;
    }
    const passwordCipher = f.secretBox.encrypt(PASSWORD_A, {
      tenantId,
      purpose: 'server-password',
    });
    const local = { host: '127.0.0.1', security: 'NONE' as const };
    const servers = await Promise.all([
      f.prisma.outgoingServer.create({
        data: {
          tenantId,
          name: 'Firma A SMTP',
          ...local,
          port: sinkA.port,
          authMethod: 'PASSWORD',
          username: 'firma-a',
          passwordCipher,
        },
      }),
      f.prisma.outgoingServer.create({
        data: { tenantId, name: 'Firma B SMTP', ...local, port: sinkB.port, authMethod: 'OAUTH2' },
      }),
      f.prisma.outgoingServer.create({
        data: {
          tenantId,
          name: 'Firma C SMTP',
          host: 'localhost',
          port: inject('mailPorts').smtps,
          security: 'TLS',
          authMethod: 'OAUTH2',
        },
      }),
    ]);
    [server.a, server.b, server.c] = servers.map((row) => row.id) as [string, string, string];
    await f.prisma.mailboxCompanyServer.createMany({
      data: (['a', 'b', 'c'] as const).map((key) => ({
        tenantId,
        mailboxId: target.mailboxId,
        companyId: company[key],
        outgoingServerId: server[key],
      })),
    });
    api = await startApi(f);
    session = await api.signInAdminOf(tenantId);
  });
  afterAll(async () => {
    await api?.close();
    await f?.close();
    await sinkA?.close();
    await sinkB?.close();
  });

  async function submit(subject: string, companyId?: string) {
    const response = await session.request({
      method: 'POST',
      url: `/api/mailboxes/${target.mailboxId}/messages`,
      payload: { to: ['kunde@example.com'], subject, text: 'Anbei das Angebot.', companyId },
    });
    expect(response.statusCode, response.body).toBe(202);
    return response.json().id as string;
  }

  function settled(id: string) {
    return waitFor(
      async () => {
        const body = (await session.get(`/api/messages/${id}`)).json();
        return ['SENT', 'FAILED'].includes(body.status) && body;
      },
      30_000,
      'message settled',
    );
  }

  function subjectsIn(deliveries: Array<{ raw: Buffer }>, tag: string) {
    return deliveries
      .flatMap((d) => /^Subject: (.*)$/m.exec(d.raw.toString())?.[1] ?? [])
      .filter((subject) => subject.startsWith(tag));
  }

  it("sends each company's message through that company's server, the rest through the mailbox's", async () => {
    const tag = `Firmen ${randomUUID().slice(0, 8)}`;
    const ids = {
      a: await submit(`${tag} A`, company.a),
      b: await submit(`${tag} B`, company.b),
      c: await submit(`${tag} C`, company.c),
      none: await submit(`${tag} ohne Auswahl`, company.none),
      without: await submit(`${tag} ohne Firma`),
    };
    const status = Object.fromEntries(
      await Promise.all(Object.entries(ids).map(async ([key, id]) => [key, await settled(id)])),
    );

    for (const body of Object.values(status)) {
      expect(body).toMatchObject({ status: 'SENT', attempts: 1, errorCode: null });
    }
    expect(status.a).toMatchObject({
      companyId: company.a,
      outgoingServerId: server.a,
      serverSource: 'COMPANY_SERVER',
    });
    expect(status.b).toMatchObject({ outgoingServerId: server.b, serverSource: 'COMPANY_SERVER' });
    expect(status.c).toMatchObject({ outgoingServerId: server.c, serverSource: 'COMPANY_SERVER' });
    for (const key of ['none', 'without']) {
      expect(status[key]).toMatchObject({
        outgoingServerId: target.outgoingServerId,
        serverSource: 'MAILBOX_SERVER',
      });
    }
    expect(status.without.companyId).toBeNull();

    // Company A's server got A's message alone, under A's own password login.
    expect(subjectsIn(sinkA.deliveries, tag)).toEqual([`${tag} A`]);
    expect(sinkA.deliveries.at(-1)).toMatchObject({
      authMethod: 'PLAIN',
      authUser: 'firma-a',
      secret: PASSWORD_A,
      mailFrom: ACCOUNT,
    });
    // Company B's server got B's message alone, logged in by XOAUTH2 with the mailbox's one
    // Microsoft link: its account and its access token.
    expect(subjectsIn(sinkB.deliveries, tag)).toEqual([`${tag} B`]);
    const link = await f.prisma.microsoftAccountLink.findUniqueOrThrow({
      where: { mailboxId: target.mailboxId },
    });
    const token = f.secretBox.decrypt(link.accessTokenCipher as string, {
      tenantId: target.tenantId,
      purpose: ACCESS_TOKEN_PURPOSE,
    });
    expect(sinkB.deliveries.at(-1)).toMatchObject({
      authMethod: 'XOAUTH2',
      authUser: ACCOUNT,
      secret: token,
    });
    // The mail stack (its STARTTLS port for the mailbox, its TLS port for company C) got the
    // other three, each once.
    const stack = (await readSink()).filter((message) => message.authUser === ACCOUNT);
    expect(subjectsIn(stack, tag).sort()).toEqual(
      [`${tag} C`, `${tag} ohne Auswahl`, `${tag} ohne Firma`].sort(),
    );
    const sent = f.logs.filter((line) => line.includes('"message sent"') && line.includes(ids.a));
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0] as string)).toMatchObject({
      serverSource: 'COMPANY_SERVER',
      outgoingServerId: server.a,
      companyId: company.a,
    });
  });

  it("uses the mailbox's own server for every company while the setting is off", async () => {
    const { tenantId } = target;
    await f.prisma.tenantSettings.update({
      where: { tenantId },
      data: { serversPerCompany: false },
    });
    const tag = `Aus ${randomUUID().slice(0, 8)}`;
    try {
      const status = await settled(await submit(`${tag} A`, company.a));

      expect(status).toMatchObject({
        status: 'SENT',
        companyId: company.a,
        outgoingServerId: target.outgoingServerId,
        serverSource: 'MAILBOX_SERVER',
      });
      expect(subjectsIn(sinkA.deliveries, tag)).toEqual([]);
      expect(subjectsIn(await readSink(), tag)).toEqual([`${tag} A`]);
    } finally {
      await f.prisma.tenantSettings.update({
        where: { tenantId },
        data: { serversPerCompany: true },
      });
    }
  });

  it('refuses a company of another tenant, or none at all, and stores nothing', async () => {
    const other = await f.prisma.tenant.create({
      data: { slug: `fremd-${randomUUID().slice(0, 8)}`, name: 'Fremd' },
    });
    const foreign = await f.prisma.company.create({
      data: { tenantId: other.id, name: 'Fremde Firma' },
    });
    const before = await f.prisma.outboundMessage.count({ where: { mailboxId: target.mailboxId } });

    for (const companyId of [foreign.id, randomUUID()]) {
      const response = await session.request({
        method: 'POST',
        url: `/api/mailboxes/${target.mailboxId}/messages`,
        payload: { to: ['kunde@example.com'], subject: 'Fremd', text: 'x', companyId },
      });

      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: [{ path: 'companyId', code: 'COMPANY_NOT_FOUND' }],
      });
      expect(response.body).not.toContain('Fremde Firma');
    }
    const after = await f.prisma.outboundMessage.count({ where: { mailboxId: target.mailboxId } });
    expect(after).toBe(before);
  });

  it("tests the full loop through the chosen company's server and names it", async () => {
    const run = await runSettingsTest(f, target, 'FULL_LOOP', company.c);
    const steps = run.steps as Array<{ key: string; status: string; detail?: string }>;

    expect(run.status, JSON.stringify(steps)).toBe('PASSED');
    expect(steps.map((step) => step.key)).toEqual([
      'company',
      'credentials',
      'send',
      'fetch',
      'inbox',
    ]);
    expect(steps[0]?.detail).toBe(
      '„Firma c“: Postausgang „Firma C SMTP“ (Auswahl der Firma), ' +
        'Posteingang „POP3“ (Server des Postfachs)',
    );
    expect(steps[1]?.detail).toBe(`localhost:${inject('mailPorts').smtps} (TLS)`);
  });
});

// POP3: one mailbox is one address, so a company's incoming server matters only where it
// reaches another maildrop (another host, or a password server's own login). Each such
// maildrop is polled with its own UIDL ledger; servers that reach the same one are polled once.
describe('incoming servers per company', () => {
  let f: WorkerFixture;
  let target: Awaited<ReturnType<typeof createMailboxOnStack>>;
  let otherMaildrop: string;
  let sameMaildrop: string;

  beforeAll(async () => {
    f = await createWorkerFixture();
    await f.startWorker();
    // "Keep a copy": a second pass over one maildrop would store everything again.
    target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: ACCOUNT },
      keepCopyOnServer: true,
      logSessions: false,
    });
    const { tenantId } = target;
    await f.prisma.tenantSettings.update({
      where: { tenantId },
      data: { serversPerCompany: true },
    });
    const ports = inject('mailPorts');
    const other = await f.prisma.incomingServer.create({
      data: {
        tenantId,
        name: 'Firma A POP3',
        host: 'localhost',
        port: ports.pop3s,
        security: 'TLS',
        authMethod: 'PASSWORD',
        username: PASSWORD_ACCOUNT.email,
        passwordCipher: f.secretBox.encrypt(PASSWORD_ACCOUNT.password, {
          tenantId,
          purpose: 'server-password',
        }),
      },
    });
    // The mailbox's own maildrop again, through the STLS port.
    const same = await f.prisma.incomingServer.create({
      data: {
        tenantId,
        name: 'Firma B POP3',
        host: 'LOCALHOST',
        port: ports.pop3,
        security: 'STARTTLS',
        authMethod: 'OAUTH2',
      },
    });
    otherMaildrop = other.id;
    sameMaildrop = same.id;
    for (const [name, incomingServerId] of [
      ['Firma A', other.id],
      ['Firma B', same.id],
    ] as const) {
      const row = await f.prisma.company.create({ data: { tenantId, name } });
      await f.prisma.mailboxCompanyServer.create({
        data: { tenantId, mailboxId: target.mailboxId, companyId: row.id, incomingServerId },
      });
    }
  });
  afterAll(() => f?.close());

  async function poll() {
    const job = await f
      .queue('pollPop3')
      .add('poll', { tenantId: target.tenantId, mailboxId: target.mailboxId });
    await waitFor(
      async () => ['completed', 'failed'].includes(await job.getState()),
      30_000,
      'poll finished',
    );
    const done = await f.queue('pollPop3').getJob(job.id as string);
    expect(done?.failedReason).toBeUndefined();
  }

  it('fetches each distinct maildrop once, however many servers reach it', async () => {
    const tag = `Abholen ${randomUUID().slice(0, 8)}`;
    await mailControl.deliver(ACCOUNT, testMessage(`${tag} eigenes Postfach`));
    await mailControl.deliver(PASSWORD_ACCOUNT.email, testMessage(`${tag} Firma A`));

    await poll();
    await poll();

    const rows = await f.prisma.receivedMessage.findMany({
      where: { mailboxId: target.mailboxId, subject: { startsWith: tag } },
      select: { id: true, subject: true },
    });
    expect(rows.map((row) => row.subject).sort()).toEqual([
      `${tag} Firma A`,
      `${tag} eigenes Postfach`,
    ]);
    const ledger = await f.prisma.pop3UidlEntry.findMany({
      where: { receivedMessageId: { in: rows.map((row) => row.id) } },
      select: { incomingServerId: true },
    });
    expect(ledger.map((entry) => entry.incomingServerId).sort()).toEqual(
      [target.incomingServerId, otherMaildrop].sort(),
    );
    const underSame = await f.prisma.pop3UidlEntry.count({
      where: { mailboxId: target.mailboxId, incomingServerId: sameMaildrop },
    });
    expect(underSame).toBe(0);

    // The password account's maildrop is shared with other test files: leave it as found.
    await f.prisma.mailbox.update({
      where: { id: target.mailboxId },
      data: { keepCopyOnServer: false },
    });
    await poll();
    expect(await mailControl.list(PASSWORD_ACCOUNT.email)).toEqual([]);
  });
});

// A company's server with a Microsoft login while the mailbox has no link: that maildrop
// fails, and the job with it, but the mailbox's own maildrop is still fetched and its
// schedule stays (a missing link on the mailbox's own server would stop it).
describe("a company's Microsoft server without a link", () => {
  let f: WorkerFixture;
  let target: Awaited<ReturnType<typeof createMailboxOnStack>>;

  beforeAll(async () => {
    f = await createWorkerFixture();
    await f.startWorker();
    target = await createMailboxOnStack(f, {
      auth: { type: 'password', ...PASSWORD_ACCOUNT },
      keepCopyOnServer: true,
      logSessions: false,
    });
    const { tenantId } = target;
    await f.prisma.tenantSettings.update({
      where: { tenantId },
      data: { serversPerCompany: true },
    });
    const microsoft = await f.prisma.incomingServer.create({
      data: {
        tenantId,
        name: 'Firma M365',
        host: '127.0.0.1',
        port: inject('mailPorts').pop3s,
        security: 'TLS',
        authMethod: 'OAUTH2',
      },
    });
    const row = await f.prisma.company.create({ data: { tenantId, name: 'Firma M365' } });
    await f.prisma.mailboxCompanyServer.create({
      data: {
        tenantId,
        mailboxId: target.mailboxId,
        companyId: row.id,
        incomingServerId: microsoft.id,
      },
    });
  });
  afterAll(() => f?.close());

  it("fetches the mailbox's own maildrop and keeps the schedule", async () => {
    const queue = f.queue('pollPop3');
    const schedulerId = pollSchedulerId(target.mailboxId);
    const data = { tenantId: target.tenantId, mailboxId: target.mailboxId };
    // Due once a year: the schedule exists, but only the poll below runs.
    await queue.upsertJobScheduler(schedulerId, { pattern: '0 0 1 1 *' }, { name: 'poll', data });
    const tag = `Ohne Konto ${randomUUID().slice(0, 8)}`;
    await mailControl.deliver(PASSWORD_ACCOUNT.email, testMessage(`${tag} eigenes Postfach`));

    const job = await queue.add('poll', data);
    await waitFor(async () => (await job.getState()) === 'failed', 30_000, 'poll failed');

    const stored = await f.prisma.receivedMessage.count({
      where: { mailboxId: target.mailboxId, subject: `${tag} eigenes Postfach` },
    });
    expect(stored).toBe(1);
    expect(await queue.getJobScheduler(schedulerId)).toBeTruthy();
    const mailbox = await f.prisma.mailbox.findUniqueOrThrow({ where: { id: target.mailboxId } });
    expect(mailbox.status).not.toBe('OK');

    // The password account's maildrop is shared with other test files: leave it as found.
    await f.prisma.mailbox.update({ where: { id: mailbox.id }, data: { keepCopyOnServer: false } });
    const cleanup = await queue.add('poll', data);
    await waitFor(async () => (await cleanup.getState()) === 'failed', 30_000, 'cleanup poll');
    expect(await mailControl.list(PASSWORD_ACCOUNT.email)).toEqual([]);
  });
});

function testMessage(subject: string): Buffer {
  return Buffer.from(
    `From: kunde@example.com\r\nTo: ${ACCOUNT}\r\nSubject: ${subject}\r\n` +
      `Message-ID: <${randomUUID()}@example.com>\r\n\r\nHallo\r\n`,
  );
}

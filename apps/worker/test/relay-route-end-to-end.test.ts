import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiFixture, type ApiSession, startApi } from './helpers/api-fixture.ts';
import { allowSendAs, readSink } from './helpers/mail-sink.ts';
import { PASSWORD_ACCOUNT } from './helpers/test-accounts.ts';
import { waitFor } from './helpers/wait.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';

const DISPLAY_NAME = 'Müller, Jürgen';

type Sender = { session: ApiSession; mailboxId: string; relayAddress: string; external: string };

// "Versand über Relay" for real: the API builds the relay message, the worker sends it through
// RELAY_SMTP_* (here the mail stack's submission server: STARTTLS and a password with umlauts),
// and the server sees the relay address as envelope sender while From and Reply-To show the
// mailbox's own address under its display name.
describe('sending through the vendor relay', () => {
  let relayed: WorkerFixture;
  let unconfigured: WorkerFixture;
  const apis: ApiFixture[] = [];

  beforeAll(async () => {
    relayed = await createWorkerFixture({
      RELAY_SMTP_HOST: 'localhost',
      RELAY_SMTP_PORT: String(inject('mailPorts').submission),
      RELAY_SMTP_SECURITY: 'STARTTLS',
      RELAY_SMTP_USER: PASSWORD_ACCOUNT.email,
      RELAY_SMTP_PASSWORD: PASSWORD_ACCOUNT.password,
    });
    unconfigured = await createWorkerFixture();
    await relayed.startWorker();
    await unconfigured.startWorker();
  });
  afterAll(async () => {
    for (const api of apis) {
      await api.close();
    }
    await relayed?.close();
    await unconfigured?.close();
  });

  /** A tenant that sends via relay, its mailbox, and its admin signed in to the API. */
  async function createRelaySender(f: WorkerFixture): Promise<Sender> {
    const target = await createMailboxOnStack(f, {
      auth: { type: 'password', ...PASSWORD_ACCOUNT },
      logSessions: false,
    });
    await f.prisma.tenantSettings.update({
      where: { tenantId: target.tenantId },
      data: { sendRoute: 'RELAY' },
    });
    const external = `juergen.mueller.${randomUUID().slice(0, 8)}@bau-firma.de`;
    const mailbox = await f.prisma.mailbox.update({
      where: { id: target.mailboxId },
      data: { externalAddress: external, displayName: DISPLAY_NAME },
    });
    const api = await startApi(f);
    apis.push(api);
    const session = await api.signInAdminOf(target.tenantId);
    return { session, mailboxId: mailbox.id, relayAddress: mailbox.relayAddress, external };
  }

  async function submit(sender: Sender, payload: object): Promise<string> {
    const response = await sender.session.request({
      method: 'POST',
      url: `/api/mailboxes/${sender.mailboxId}/messages`,
      payload,
    });
    expect(response.statusCode, response.body).toBe(202);
    return response.json().id;
  }

  function settled(sender: Sender, id: string) {
    return waitFor(
      async () => {
        const body = (await sender.session.get(`/api/messages/${id}`)).json();
        return ['SENT', 'FAILED'].includes(body.status) && body;
      },
      30_000,
      'message settled',
    );
  }

  it('sends with the relay address as envelope sender and the external address in From', async () => {
    const sender = await createRelaySender(relayed);
    // The relay account must be allowed to send as both addresses (Exchange's "Send As").
    await allowSendAs(sender.relayAddress, PASSWORD_ACCOUNT.email);
    await allowSendAs(sender.external, PASSWORD_ACCOUNT.email);
    const subject = `Relay ${randomUUID()}`;
    const recipients = { to: ['kunde@example.com'], cc: ['buero@example.org'] };

    const id = await submit(sender, {
      ...recipients,
      bcc: ['archiv@example.net'],
      subject,
      text: 'Anbei das Angebot.',
    });
    const status = await settled(sender, id);
    const accepted = (await readSink()).filter((message) => message.raw.includes(subject));

    expect(status).toMatchObject({ status: 'SENT', attempts: 1, errorCode: null });
    expect(accepted).toHaveLength(1);
    const [message] = accepted as [(typeof accepted)[0]];
    expect(message.authUser).toBe(PASSWORD_ACCOUNT.email);
    expect(message.mailFrom).toBe(sender.relayAddress);
    expect(message.recipients).toEqual([
      'kunde@example.com',
      'buero@example.org',
      'archiv@example.net',
    ]);
    const parsed = await simpleParser(message.raw);
    expect(parsed.from?.value).toEqual([{ name: DISPLAY_NAME, address: sender.external }]);
    const replyTo = parsed.replyTo?.value ?? [];
    expect(replyTo.map((address) => address.address)).toEqual([sender.external]);
    expect(parsed.subject).toBe(subject);
    // Bcc travels in the envelope only.
    expect(parsed.headers.has('bcc')).toBe(false);
    // RFC 2047 encoding keeps the header 7-bit, so a relay without SMTPUTF8 passes it on.
    const head = message.raw.subarray(0, message.raw.indexOf('\r\n\r\n'));
    expect(head.every((byte) => byte < 0x80)).toBe(true);
  });

  it('fails with the German "relay not configured" reason when RELAY_SMTP_* is unset', async () => {
    const sender = await createRelaySender(unconfigured);

    const id = await submit(sender, { to: ['kunde@example.com'], subject: 'Relay', text: 'x' });
    const status = await settled(sender, id);

    expect(status).toMatchObject({
      status: 'FAILED',
      errorCode: 'RELAY_NOT_CONFIGURED',
      attempts: 1,
    });
    expect(status.errorMessage).toMatch(
      /^Der Versand über den Relay-Server ist .*nicht eingerichtet/,
    );
    const mailbox = await unconfigured.prisma.mailbox.findUniqueOrThrow({
      where: { id: sender.mailboxId },
    });
    expect(mailbox).toMatchObject({ status: 'SEND_FAILED', statusCode: 'RELAY_NOT_CONFIGURED' });
  });
});

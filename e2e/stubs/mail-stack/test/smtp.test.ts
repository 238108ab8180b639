import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  loadNodemailer,
  type SmtpSendError,
  type SmtpTransport,
  type TransportOptions,
} from './helpers/nodemailer.ts';
import { Pop3Session } from './helpers/pop3-session.ts';
import { SmtpDialog } from './helpers/smtp-dialog.ts';
import { sampleMessage, startTestStack, type TestStack } from './helpers/test-stack.ts';

const BECKER = 'becker@bau-firma.de';
const ADMIN = 'admin@bau-firma.de';
const INFO = 'info@bau-firma.de';
const KUNDE = 'kunde@andere-firma.example';
const KUNDE_PASSWORD = 'Grüße§€-Test1';

const nodemailer = loadNodemailer();
let t: TestStack;
const transports: SmtpTransport[] = [];

beforeAll(async () => {
  t = await startTestStack();
});

afterEach(() => {
  t.stack.controls.reset();
});

afterAll(async () => {
  for (const transport of transports) {
    transport.close();
  }
  await t?.stop();
});

/** Submission on the STARTTLS port with a token, as the worker sends to smtp.office365.com. */
function oauthTransport(user: string, accessToken: string): SmtpTransport {
  return transport({
    host: '127.0.0.1',
    port: t.stack.ports.submission,
    secure: false,
    requireTLS: true,
    tls: { ca: t.ca },
    auth: { type: 'OAuth2', user, accessToken },
  });
}

function transport(options: TransportOptions): SmtpTransport {
  const created = nodemailer.createTransport(options);
  transports.push(created);
  return created;
}

async function sendFailure(send: Promise<unknown>): Promise<SmtpSendError> {
  const error = await send.then(
    () => undefined,
    (rejection: SmtpSendError) => rejection,
  );
  if (!error) {
    throw new Error('expected the send to fail');
  }
  return error;
}

describe('SMTP authentication', () => {
  it('refuses AUTH before STARTTLS with 538 5.7.11', async () => {
    const { dialog } = await SmtpDialog.connect(t.stack.ports.submission);

    const ehlo = await dialog.command('EHLO client.test');
    const plain = Buffer.from(`\0${KUNDE}\0${KUNDE_PASSWORD}`).toString('base64');
    const reply = await dialog.command(`AUTH PLAIN ${plain}`);
    dialog.close();

    expect(ehlo).toContain('STARTTLS');
    expect(reply).toBe('538 5.7.11 Encryption required for requested authentication mechanism');
  });

  it('refuses MAIL FROM without authentication', async () => {
    const { dialog } = await SmtpDialog.connect(t.stack.ports.submission);

    await dialog.command('EHLO client.test');
    const reply = await dialog.command(`MAIL FROM:<${BECKER}>`);
    dialog.close();

    expect(reply).toMatch(/^530 /);
  });

  it('answers 535 5.7.3 like Exchange Online to an unknown token', async () => {
    const send = oauthTransport(BECKER, 'not-a-token').sendMail({
      envelope: { from: BECKER, to: [KUNDE] },
      raw: sampleMessage(BECKER, KUNDE, 'bad token'),
    });

    const error = await sendFailure(send);

    expect(error.code).toBe('EAUTH');
    expect(error.responseCode).toBe(535);
    expect(error.command).toBe('AUTH XOAUTH2');
    expect(error.response).toMatch(
      /^535 5\.7\.3 Authentication unsuccessful \[\S+\.eurprd04\.prod\.outlook\.com \S+ \w+\]$/,
    );
  });

  it('answers 535 5.7.3 when the token belongs to another mailbox than user=', async () => {
    const token = t.identity.issueToken('mueller@bau-firma.de');

    const error = await sendFailure(
      oauthTransport(BECKER, token).sendMail({
        envelope: { from: BECKER, to: [KUNDE] },
        raw: sampleMessage(BECKER, KUNDE, 'foreign token'),
      }),
    );

    expect(error.response).toMatch(/^535 5\.7\.3 /);
  });

  it('accepts SMTP.Send as a bare scope or as a URL', async () => {
    for (const scope of ['SMTP.Send', 'https://outlook.office.com/SMTP.Send offline_access']) {
      const token = t.identity.issueToken(BECKER, { scope });

      const info = await oauthTransport(BECKER, token).sendMail({
        envelope: { from: BECKER, to: [KUNDE] },
        raw: sampleMessage(BECKER, KUNDE, 'scoped'),
      });

      expect(info.accepted).toEqual([KUNDE]);
    }
  });

  it('answers 535 5.7.3 to a token without SMTP.Send', async () => {
    const token = t.identity.issueToken(BECKER, { scope: 'POP.AccessAsUser.All' });

    const error = await sendFailure(
      oauthTransport(BECKER, token).sendMail({
        envelope: { from: BECKER, to: [KUNDE] },
        raw: sampleMessage(BECKER, KUNDE, 'unscoped'),
      }),
    );

    expect(error.response).toMatch(/^535 5\.7\.3 /);
  });

  it('answers 535 5.7.139 when SMTP AUTH is disabled for the mailbox', async () => {
    t.stack.controls.set(BECKER, { smtpAuthDisabled: true });

    const error = await sendFailure(
      oauthTransport(BECKER, t.identity.issueToken(BECKER)).sendMail({
        envelope: { from: BECKER, to: [KUNDE] },
        raw: sampleMessage(BECKER, KUNDE, 'auth disabled'),
      }),
    );

    expect(error.code).toBe('EAUTH');
    const text =
      '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the ' +
      'Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [';
    expect(error.response?.startsWith(text)).toBe(true);
  });

  it('accepts PLAIN with the UTF-8 password on the implicit-TLS port', async () => {
    const smtps = transport({
      host: '127.0.0.1',
      port: t.stack.ports.smtps,
      secure: true,
      tls: { ca: t.ca, servername: 'localhost' },
      auth: { user: KUNDE, pass: KUNDE_PASSWORD },
      authMethod: 'PLAIN',
    });

    const info = await smtps.sendMail({
      envelope: { from: KUNDE, to: [BECKER] },
      raw: sampleMessage(KUNDE, BECKER, 'password login'),
    });

    expect(info.response).toMatch(/^250 2\.0\.0 OK /);
  });

  it('accepts a 4096-character token on the one-line AUTH XOAUTH2', async () => {
    const token = t.identity.issueToken(BECKER, { length: 4096 });

    const info = await oauthTransport(BECKER, token).sendMail({
      envelope: { from: BECKER, to: [KUNDE] },
      raw: sampleMessage(BECKER, KUNDE, 'long token'),
    });

    expect(info.accepted).toEqual([KUNDE]);
  });
});

describe('SMTP delivery', () => {
  it('delivers to a local mailbox byte for byte, as POP3 RETR returns it', async () => {
    const raw = sampleMessage(KUNDE, BECKER, 'round trip');
    await oauthTransport(BECKER, t.identity.issueToken(BECKER)).sendMail({
      envelope: { from: BECKER, to: [BECKER] },
      raw: Buffer.from(raw.toString('utf8').replace(`From: ${KUNDE}`, `From: ${BECKER}`)),
    });
    const expected = Buffer.from(raw.toString('utf8').replace(`From: ${KUNDE}`, `From: ${BECKER}`));

    const session = await Pop3Session.connectTls(t.stack.ports.pop3s, t.ca);
    await session.authXoauth2(BECKER, t.identity.issueToken(BECKER));
    const count = Number((await session.command('STAT')).split(' ')[1]);
    const retr = await session.command(`RETR ${count}`);
    const retrieved = await session.readMultiline();
    await session.quit();

    expect(retr).toMatch(/^\+OK/);
    expect(retrieved.equals(expected)).toBe(true);
    const stored = await t.stack.listMaildir(BECKER);
    expect(stored.some((entry) => entry.bytes.equals(expected))).toBe(true);
  });

  it('accepts any remote recipient and records it in the sink', async () => {
    const raw = sampleMessage(BECKER, 'someone@example.net', 'to the sink');

    await oauthTransport(BECKER, t.identity.issueToken(BECKER)).sendMail({
      envelope: { from: BECKER, to: ['someone@example.net', 'mueller@bau-firma.de'] },
      raw,
    });
    const recorded = await t.stack.sink.waitFor((message) => message.raw.equals(raw));

    expect(recorded.authUser).toBe(BECKER);
    expect(recorded.remoteRecipients).toEqual(['someone@example.net']);
    expect(recorded.localRecipients).toEqual(['mueller@bau-firma.de']);
  });

  it('refuses a From of another mailbox with 554 5.2.252 SendAsDenied after DATA', async () => {
    const error = await sendFailure(
      oauthTransport(BECKER, t.identity.issueToken(BECKER)).sendMail({
        envelope: { from: BECKER, to: [KUNDE] },
        raw: sampleMessage(INFO, KUNDE, 'send as info'),
      }),
    );

    expect(error.responseCode).toBe(554);
    const text = `554 5.2.252 SendAsDenied; ${BECKER} not allowed to send as ${INFO};`;
    expect(error.response?.startsWith(text)).toBe(true);
  });

  it('lets admin send as info through the default send-as grant', async () => {
    const info = await oauthTransport(ADMIN, t.identity.issueToken(ADMIN)).sendMail({
      envelope: { from: INFO, to: [KUNDE] },
      raw: sampleMessage(INFO, KUNDE, 'delegated'),
    });

    expect(info.response).toMatch(/^250 /);
  });

  it('refuses every message of a mailbox switched to sendAsDenied', async () => {
    t.stack.controls.set(BECKER, { sendAsDenied: true });

    const error = await sendFailure(
      oauthTransport(BECKER, t.identity.issueToken(BECKER)).sendMail({
        envelope: { from: BECKER, to: [KUNDE] },
        raw: sampleMessage(BECKER, KUNDE, 'forced deny'),
      }),
    );

    expect(error.response).toMatch(/^554 5\.2\.252 SendAsDenied; /);
  });

  it('answers 421 4.7.66 at MAIL FROM to a throttled mailbox', async () => {
    t.stack.controls.set(BECKER, { throttled: true });

    const error = await sendFailure(
      oauthTransport(BECKER, t.identity.issueToken(BECKER)).sendMail({
        envelope: { from: BECKER, to: [KUNDE] },
        raw: sampleMessage(BECKER, KUNDE, 'throttled'),
      }),
    );

    expect(error.responseCode).toBe(421);
    expect(error.response).toMatch(/^421 4\.7\.66 /);
  });
});

describe('HTTP control', () => {
  const url = (path: string) => `http://127.0.0.1:${t.stack.ports.control}${path}`;

  it('switches an account like the in-process controls', async () => {
    const response = await fetch(url(`/_control/accounts/${encodeURIComponent(BECKER)}`), {
      method: 'POST',
      body: JSON.stringify({ smtpAuthDisabled: true }),
    });

    expect(response.status).toBe(200);
    expect(t.stack.controls.get(BECKER).smtpAuthDisabled).toBe(true);
  });

  it('seeds a Maildir and lists it', async () => {
    const raw = sampleMessage(KUNDE, INFO, 'seeded over http');

    await fetch(url(`/_control/maildir/${INFO}`), { method: 'POST', body: raw });
    const listed = (await (await fetch(url(`/_control/maildir/${INFO}`))).json()) as {
      rawBase64: string;
    }[];

    expect(listed.map((entry) => entry.rawBase64)).toContain(raw.toString('base64'));
  });
});

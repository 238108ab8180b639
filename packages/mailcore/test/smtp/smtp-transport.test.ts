import { afterEach, describe, expect, it } from 'vitest';
import { classifyMailError } from '../../src/errors/index.ts';
import { buildXoauth2String } from '../../src/sasl/xoauth2.ts';
import type { ProtocolDirection } from '../../src/session-log/index.ts';
import {
  createSmtpTransport,
  type SmtpTransport,
  type SmtpTransportOptions,
  sendRawMessage,
} from '../../src/smtp/index.ts';
import {
  type SmtpTestServer,
  type SmtpTestServerOptions,
  smtpError,
  startSmtpTestServer,
} from '../helpers/smtp-test-server.ts';

const USER = 'becker@bau-firma.de';
const PASSWORD = 'Grüße§€-geheim';
const TOKEN = 'eyJ0eXAiOiJKV1QifQ.eyJzY3AiOiJTTVRQLlNlbmQifQ.c2lnbmF0dXJlLXNlY3JldA';
const RAW = Buffer.from(
  'From: Becker <becker@bau-firma.de>\r\nTo: kunde@example.com\r\nSubject: Angebot\r\n' +
    'Message-ID: <angebot-1@bau-firma.de>\r\n\r\n.leading dot line\r\nGrüße\r\n',
);
const ENVELOPE = { from: USER, to: ['kunde@example.com'] };

let server: SmtpTestServer | undefined;
let transport: SmtpTransport | undefined;
let transcript: Array<[ProtocolDirection, string]> = [];

afterEach(async () => {
  transport?.close();
  await server?.close();
  transport = undefined;
  server = undefined;
  transcript = [];
});

async function setUp(
  serverOptions: SmtpTestServerOptions,
  auth: SmtpTransportOptions['auth'],
): Promise<SmtpTransport> {
  server = await startSmtpTestServer({ allowInsecureAuth: true, ...serverOptions });
  transport = createSmtpTransport({
    host: '127.0.0.1',
    port: server.port,
    security: 'NONE',
    auth,
    onLine: (direction, text) => transcript.push([direction, text]),
  });
  return transport;
}

const transcriptText = () => transcript.map(([d, t]) => `${d}: ${t}`).join('\n');

describe('sendRawMessage', () => {
  it('delivers the raw bytes unchanged with the given envelope', async () => {
    const smtp = await setUp({}, { type: 'password', user: USER, pass: PASSWORD });

    const result = await sendRawMessage(smtp, { envelope: ENVELOPE, raw: RAW });

    expect(result.accepted).toEqual(['kunde@example.com']);
    expect(result.rejected).toEqual([]);
    expect(result.response).toMatch(/^250 /);
    expect(result.messageId).toBe('<angebot-1@bau-firma.de>');
    expect(server?.messages[0]?.raw.equals(RAW)).toBe(true);
    expect(server?.messages[0]?.from).toBe(USER);
    expect(server?.auths[0]).toMatchObject({ username: USER, password: PASSWORD });
  });

  it('reports recipients the server refuses while delivering to the others', async () => {
    const smtp = await setUp(
      {
        onRcptTo(address, _session, callback) {
          const refused = address.address === 'weg@example.com';
          callback(refused ? smtpError(550, '5.1.1 User unknown') : undefined);
        },
        authOptional: true,
      },
      { type: 'none' },
    );

    const envelope = { from: USER, to: ['kunde@example.com', 'weg@example.com'] };
    const result = await sendRawMessage(smtp, { envelope, raw: RAW });

    expect(result.accepted).toEqual(['kunde@example.com']);
    expect(result.rejected).toEqual(['weg@example.com']);
  });

  it('refuses an empty message before connecting', async () => {
    const smtp = await setUp({}, { type: 'none' });

    await expect(
      sendRawMessage(smtp, { envelope: ENVELOPE, raw: Buffer.alloc(0) }),
    ).rejects.toThrow();
    expect(server?.messages).toHaveLength(0);
  });
});

describe('SMTP XOAUTH2', () => {
  it('authenticates with the token in one AUTH line', async () => {
    const smtp = await setUp({}, { type: 'oauth2', user: USER, accessToken: TOKEN });

    await sendRawMessage(smtp, { envelope: ENVELOPE, raw: RAW });

    expect(server?.auths[0]).toMatchObject({
      method: 'XOAUTH2',
      username: USER,
      accessToken: TOKEN,
    });
  });

  it('authenticates in two steps when asked to', async () => {
    const auth = {
      type: 'oauth2' as const,
      user: USER,
      accessToken: TOKEN,
      mode: 'two-step' as const,
    };
    const smtp = await setUp({}, auth);

    await sendRawMessage(smtp, { envelope: ENVELOPE, raw: RAW });

    expect(server?.auths[0]).toMatchObject({ method: 'XOAUTH2', accessToken: TOKEN });
  });

  it('makes one attempt and keeps the decoded challenge when the token is refused', async () => {
    const data = {
      status: '401',
      schemes: 'bearer',
      scope: 'https://outlook.office.com/SMTP.Send',
    };
    const smtp = await setUp(
      { decideAuth: () => ({ data }) as never },
      {
        type: 'oauth2',
        user: USER,
        accessToken: TOKEN,
      },
    );

    const error = await sendRawMessage(smtp, { envelope: ENVELOPE, raw: RAW }).catch((e) => e);

    expect(error).toMatchObject({
      code: 'EAUTH',
      responseCode: 535,
      command: 'AUTH XOAUTH2',
      xoauth2Challenge: { status: '401', scope: data.scope },
    });
    expect(server?.auths).toHaveLength(1);
  });

  it('surfaces Microsoft 535 5.7.139 as SMTP_AUTH_DISABLED_FOR_TENANT', async () => {
    const text =
      '5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.';
    const smtp = await setUp(
      { decideAuth: () => smtpError(535, text) },
      {
        type: 'oauth2',
        user: USER,
        accessToken: TOKEN,
      },
    );

    const error = await sendRawMessage(smtp, { envelope: ENVELOPE, raw: RAW }).catch((e) => e);

    expect(error).toMatchObject({ code: 'EAUTH', responseCode: 535, command: 'AUTH XOAUTH2' });
    const classified = classifyMailError(error, { protocol: 'SMTP', authType: 'oauth2' });
    expect(classified).toMatchObject({ code: 'SMTP_AUTH_DISABLED_FOR_TENANT', transient: false });
  });
});

describe('SMTP session log', () => {
  it('never contains the password, the token or the XOAUTH2 string', async () => {
    const smtp = await setUp(
      { decideAuth: () => ({ data: { status: '401' } }) as never },
      {
        type: 'oauth2',
        user: USER,
        accessToken: TOKEN,
      },
    );
    await sendRawMessage(smtp, { envelope: ENVELOPE, raw: RAW }).catch(() => undefined);
    transport?.close();
    const password = await setUp({}, { type: 'password', user: USER, pass: PASSWORD });
    await sendRawMessage(password, { envelope: ENVELOPE, raw: RAW });

    const text = transcriptText();
    expect(text).toContain('client: AUTH XOAUTH2 [redacted]');
    expect(text).toContain('client: AUTH PLAIN [redacted]');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(buildXoauth2String(USER, TOKEN));
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64'));
  });

  it('reports the message as a byte count, not its content', async () => {
    const smtp = await setUp({ authOptional: true }, { type: 'none' });

    await sendRawMessage(smtp, { envelope: ENVELOPE, raw: RAW });

    expect(transcriptText()).not.toContain('leading dot line');
    expect(transcript.some(([, text]) => /bytes encoded mime message/.test(text))).toBe(true);
  });
});

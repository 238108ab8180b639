import { afterEach, describe, expect, it } from 'vitest';
import { Pop3Client, type Pop3Error } from '../../src/pop3/index.ts';
import { buildXoauth2String } from '../../src/sasl/xoauth2.ts';
import type { ProtocolDirection } from '../../src/session-log/index.ts';
import {
  type FakePop3Server,
  type FakePop3ServerOptions,
  startFakePop3Server,
} from '../helpers/fake-pop3-server.ts';

const USER = 'becker@bau-firma.de';
const TOKEN = 'eyJ0eXAiOiJKV1QifQ.eyJzY3AiOiJQT1AifQ.c2lnbmF0dXJl';
const PASSWORD = 'Grüße§€';
const CHALLENGE = {
  status: '401',
  schemes: 'bearer',
  scope: 'https://outlook.office.com/POP.AccessAsUser.All',
};

let server: FakePop3Server | undefined;
let client: Pop3Client | undefined;
let transcript: Array<[ProtocolDirection, string]> = [];

afterEach(async () => {
  client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
  transcript = [];
});

async function connect(options: FakePop3ServerOptions): Promise<Pop3Client> {
  server = await startFakePop3Server(options);
  client = new Pop3Client({
    host: '127.0.0.1',
    port: server.port,
    security: 'NONE',
    onLine: (direction, text) => transcript.push([direction, text]),
  });
  await client.connect();
  return client;
}

function transcriptText(): string {
  return transcript.map(([direction, text]) => `${direction}: ${text}`).join('\n');
}

describe('POP3 XOAUTH2 (RFC 5034)', () => {
  it('authenticates in two steps: AUTH XOAUTH2, "+", then the token line', async () => {
    const pop3 = await connect({ xoauth2: { user: USER, token: TOKEN } });

    await pop3.authenticate({ type: 'oauth2', user: USER, accessToken: TOKEN });

    expect(pop3.isAuthenticated).toBe(true);
    expect(server?.commands.slice(-2)).toEqual(['AUTH XOAUTH2', buildXoauth2String(USER, TOKEN)]);
  });

  it('sends the token on the AUTH line in initial-response mode', async () => {
    const pop3 = await connect({ xoauth2: { user: USER, token: TOKEN } });

    await pop3.authenticate({
      type: 'oauth2',
      user: USER,
      accessToken: TOKEN,
      mode: 'initial-response',
    });

    expect(server?.commands.at(-1)).toBe(`AUTH XOAUTH2 ${buildXoauth2String(USER, TOKEN)}`);
  });

  it('decodes the "+ <base64 JSON>" failure, answers with an empty line and rejects', async () => {
    const pop3 = await connect({
      xoauth2: { user: USER, token: 'another-token', failureChallenge: CHALLENGE },
    });

    const failure = await pop3
      .authenticate({ type: 'oauth2', user: USER, accessToken: TOKEN })
      .catch((error: Pop3Error) => error);

    expect(failure).toMatchObject({
      code: 'POP3_XOAUTH2_REJECTED',
      challenge: { ...CHALLENGE, raw: JSON.stringify(CHALLENGE) },
    });
    expect((failure as Pop3Error).response).toMatch(/^-ERR /);
    expect(server?.commands.at(-1)).toBe('');
    expect(pop3.isAuthenticated).toBe(false);
  });

  it('rejects with POP3_XOAUTH2_REJECTED on a plain -ERR without challenge', async () => {
    const pop3 = await connect({ xoauth2: { user: USER, token: 'another-token' } });

    await expect(
      pop3.authenticate({ type: 'oauth2', user: USER, accessToken: TOKEN }),
    ).rejects.toMatchObject({ code: 'POP3_XOAUTH2_REJECTED', responseCode: 'AUTH' });
  });

  it('never passes the token to the session log', async () => {
    const pop3 = await connect({
      xoauth2: { user: USER, token: 'another-token', failureChallenge: CHALLENGE },
    });

    await pop3.authenticate({ type: 'oauth2', user: USER, accessToken: TOKEN }).catch(() => {});

    const text = transcriptText();
    expect(text).toContain('client: AUTH XOAUTH2');
    expect(text).toContain('client: [redacted]');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(buildXoauth2String(USER, TOKEN));
  });
});

describe('POP3 USER/PASS (RFC 1939 §7)', () => {
  it('sends a UTF-8 password byte for byte', async () => {
    const pop3 = await connect({ password: { user: USER, pass: PASSWORD } });

    await pop3.authenticate({ type: 'password', user: USER, pass: PASSWORD });

    const passLine = server?.rawCommands.at(-1);
    expect(passLine?.equals(Buffer.from(`PASS ${PASSWORD}`, 'utf8'))).toBe(true);
    expect(pop3.isAuthenticated).toBe(true);
  });

  it('rejects a wrong password with POP3_AUTH_FAILED and the [AUTH] response code', async () => {
    const pop3 = await connect({ password: { user: USER, pass: PASSWORD } });

    await expect(
      pop3.authenticate({ type: 'password', user: USER, pass: 'wrong' }),
    ).rejects.toMatchObject({ code: 'POP3_AUTH_FAILED', responseCode: 'AUTH' });
  });

  it('logs PASS as "PASS [redacted]" and never the password', async () => {
    const pop3 = await connect({ password: { user: USER, pass: PASSWORD } });

    await pop3.authenticate({ type: 'password', user: USER, pass: PASSWORD });

    expect(transcript).toContainEqual(['client', 'PASS [redacted]']);
    expect(transcriptText()).not.toContain(PASSWORD);
  });
});

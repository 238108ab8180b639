import { afterEach, describe, expect, it } from 'vitest';
import { Pop3Client, type Pop3ClientOptions } from '../../src/pop3/index.ts';
import type { ProtocolDirection } from '../../src/session-log/index.ts';
import {
  type FakePop3Server,
  type FakePop3ServerOptions,
  startFakePop3Server,
} from '../helpers/fake-pop3-server.ts';

const FIRST = Buffer.from('Subject: one\r\n\r\nfirst body\r\n');
const SECOND = Buffer.from('Subject: two\r\n\r\nsecond body line 1\r\nline 2\r\n');

let server: FakePop3Server | undefined;
let client: Pop3Client | undefined;

afterEach(async () => {
  client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function openClient(
  serverOptions: FakePop3ServerOptions = {},
  clientOptions: Partial<Pop3ClientOptions> = {},
): Promise<Pop3Client> {
  server = await startFakePop3Server({
    messages: [FIRST, SECOND],
    password: { user: 'info@bau-firma.de', pass: 'secret' },
    ...serverOptions,
  });
  client = new Pop3Client({
    host: '127.0.0.1',
    port: server.port,
    security: 'NONE',
    ...clientOptions,
  });
  await client.connect();
  await client.authenticate({ type: 'password', user: 'info@bau-firma.de', pass: 'secret' });
  return client;
}

describe('Pop3Client commands', () => {
  it('reads the greeting and the CAPA capabilities', async () => {
    const pop3 = await openClient();

    expect(pop3.greeting).toBe('fake POP3 ready');
    expect(pop3.capabilities?.get('SASL')).toEqual(['XOAUTH2']);
    expect(pop3.capabilities?.has('UIDL')).toBe(true);
    expect(pop3.isAuthenticated).toBe(true);
  });

  it('parses STAT, LIST and UIDL for all messages and for one', async () => {
    const pop3 = await openClient();

    expect(await pop3.stat()).toEqual({ count: 2, size: FIRST.length + SECOND.length });
    expect(await pop3.list()).toEqual([
      { msgNumber: 1, size: FIRST.length },
      { msgNumber: 2, size: SECOND.length },
    ]);
    expect(await pop3.list(2)).toEqual({ msgNumber: 2, size: SECOND.length });
    expect(await pop3.uidl()).toEqual([
      { msgNumber: 1, uid: 'uid-1' },
      { msgNumber: 2, uid: 'uid-2' },
    ]);
    expect(await pop3.uidl(1)).toEqual({ msgNumber: 1, uid: 'uid-1' });
  });

  it('returns message bytes from RETR and TOP', async () => {
    const pop3 = await openClient();

    expect((await pop3.retr(2)).equals(SECOND)).toBe(true);
    expect((await pop3.top(1, 0)).equals(FIRST)).toBe(true);
  });

  it('commits DELE only with QUIT and forgets it after RSET', async () => {
    const pop3 = await openClient();

    await pop3.dele(1);
    await pop3.rset();
    await pop3.dele(2);
    await pop3.noop();
    await pop3.quit();

    expect(server?.deleted).toEqual([2]);
  });

  it('runs concurrent calls one at a time in call order', async () => {
    const pop3 = await openClient();

    const [one, two, stat] = await Promise.all([pop3.retr(1), pop3.retr(2), pop3.stat()]);

    expect(one.equals(FIRST)).toBe(true);
    expect(two.equals(SECOND)).toBe(true);
    expect(stat.count).toBe(2);
    expect(server?.commands.slice(-3)).toEqual(['RETR 1', 'RETR 2', 'STAT']);
  });

  it('rejects with POP3_COMMAND_FAILED when the server answers -ERR', async () => {
    const pop3 = await openClient();

    await expect(pop3.retr(9)).rejects.toMatchObject({
      code: 'POP3_COMMAND_FAILED',
      response: '-ERR no such message',
    });
    expect((await pop3.retr(1)).equals(FIRST)).toBe(true);
  });

  it('refuses transaction commands before authentication', async () => {
    server = await startFakePop3Server();
    client = new Pop3Client({ host: '127.0.0.1', port: server.port, security: 'NONE' });
    await client.connect();

    await expect(client.stat()).rejects.toMatchObject({ code: 'POP3_USAGE_ERROR' });
    await expect(client.retr(0)).rejects.toMatchObject({ code: 'POP3_USAGE_ERROR' });
  });

  it('works without CAPA support', async () => {
    const pop3 = await openClient({ capabilities: null });

    expect(pop3.capabilities?.size).toBe(0);
    expect((await pop3.retr(1)).equals(FIRST)).toBe(true);
  });

  it('logs RETR as command, status line and byte count, never the body', async () => {
    const lines: Array<[ProtocolDirection, string]> = [];
    const pop3 = await openClient(
      {},
      { onLine: (direction, text) => lines.push([direction, text]) },
    );

    await pop3.retr(2);

    const tail = lines.slice(-3);
    expect(tail).toEqual([
      ['client', 'RETR 2'],
      ['server', `+OK ${SECOND.length} octets`],
      ['info', `<${SECOND.length} bytes>`],
    ]);
    expect(lines.some(([, text]) => text.includes('second body'))).toBe(false);
  });
});

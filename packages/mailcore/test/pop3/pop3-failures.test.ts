import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Pop3Client, type Pop3ClientOptions } from '../../src/pop3/index.ts';
import {
  type FakePop3Server,
  type FakePop3ServerOptions,
  startFakePop3Server,
} from '../helpers/fake-pop3-server.ts';

const MESSAGE = Buffer.from('Subject: x\r\n\r\nbody\r\n');
const FAST = { connectMs: 2_000, greetingMs: 300, commandMs: 300, dataIdleMs: 300 };

let server: FakePop3Server | undefined;
let rawServer: net.Server | undefined;
let client: Pop3Client | undefined;

afterEach(async () => {
  client?.close();
  await server?.close();
  await new Promise((resolve) => (rawServer ? rawServer.close(resolve) : resolve(undefined)));
  client = undefined;
  server = undefined;
  rawServer = undefined;
});

async function loggedIn(
  options: FakePop3ServerOptions,
  clientOptions: Partial<Pop3ClientOptions> = {},
): Promise<Pop3Client> {
  server = await startFakePop3Server({
    messages: [MESSAGE],
    password: { user: 'u', pass: 'p' },
    ...options,
  });
  client = new Pop3Client({
    host: '127.0.0.1',
    port: server.port,
    security: 'NONE',
    timeouts: FAST,
    ...clientOptions,
  });
  await client.connect();
  await client.authenticate({ type: 'password', user: 'u', pass: 'p' });
  return client;
}

/** A raw TCP server that runs `onSocket` for each connection. */
async function startRawServer(onSocket: (socket: net.Socket) => void): Promise<number> {
  rawServer = net.createServer((socket) => {
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => rawServer?.listen(0, '127.0.0.1', resolve));
  return (rawServer.address() as net.AddressInfo).port;
}

describe('Pop3Client failure handling', () => {
  it('times out when the greeting never comes', async () => {
    const port = await startRawServer(() => undefined);
    client = new Pop3Client({ host: '127.0.0.1', port, security: 'NONE', timeouts: FAST });

    await expect(client.connect()).rejects.toMatchObject({
      code: 'POP3_TIMEOUT',
      stage: 'greeting',
    });
  });

  it('rejects a greeting that is not POP3', async () => {
    const port = await startRawServer((socket) => socket.write('220 smtp.example.com ESMTP\r\n'));
    client = new Pop3Client({ host: '127.0.0.1', port, security: 'NONE', timeouts: FAST });

    await expect(client.connect()).rejects.toMatchObject({ code: 'POP3_PROTOCOL_ERROR' });
  });

  it('keeps the RFC 2449 response code of an -ERR greeting', async () => {
    const port = await startRawServer((socket) => socket.end('-ERR [SYS/TEMP] try later\r\n'));
    client = new Pop3Client({ host: '127.0.0.1', port, security: 'NONE', timeouts: FAST });

    await expect(client.connect()).rejects.toMatchObject({
      code: 'POP3_COMMAND_FAILED',
      stage: 'greeting',
      responseCode: 'SYS/TEMP',
    });
  });

  it('reports ECONNREFUSED as a socket error', async () => {
    const port = await startRawServer(() => undefined);
    await new Promise((resolve) => rawServer?.close(resolve));
    rawServer = undefined;
    client = new Pop3Client({ host: '127.0.0.1', port, security: 'NONE', timeouts: FAST });

    await expect(client.connect()).rejects.toMatchObject({
      code: 'POP3_SOCKET_ERROR',
      osCode: 'ECONNREFUSED',
      stage: 'connect',
    });
  });

  it('times out a command the server never answers', async () => {
    const pop3 = await loggedIn({ script: (line) => line === 'STAT' || undefined });

    await expect(pop3.stat()).rejects.toMatchObject({ code: 'POP3_TIMEOUT', stage: 'command' });
  });

  it('times out when RETR data stops flowing', async () => {
    const pop3 = await loggedIn({
      script: (line, { write }) => {
        if (line.startsWith('RETR')) {
          write('+OK\r\nSubject: half\r\n');
          return true;
        }
        return undefined;
      },
    });

    await expect(pop3.retr(1)).rejects.toMatchObject({ code: 'POP3_TIMEOUT', stage: 'data' });
  });

  it('rejects the RETR in flight and every queued call when the server drops mid-RETR', async () => {
    const pop3 = await loggedIn({
      script: (line, { write, socket }) => {
        if (line.startsWith('RETR')) {
          write('+OK 500 octets\r\nSubject: cut\r\n\r\npart');
          setTimeout(() => socket.destroy(), 20);
          return true;
        }
        return undefined;
      },
    });

    const results = await Promise.allSettled([pop3.retr(1), pop3.stat(), pop3.noop()]);

    for (const result of results) {
      expect(result.status).toBe('rejected');
    }
    const first = (results[0] as PromiseRejectedResult).reason;
    expect(first).toMatchObject({ code: 'POP3_CONNECTION_CLOSED', stage: 'data' });
    expect(first.message).toContain('RETR 1');
    await expect(pop3.noop()).rejects.toMatchObject({ code: 'POP3_CONNECTION_CLOSED' });
  });

  it('refuses a 5 MB response line without buffering it all', async () => {
    const pop3 = await loggedIn({
      script: (line, { write }) => {
        if (line === 'STAT') {
          write(`+OK ${'9'.repeat(5 * 1024 * 1024)}\r\n`);
          return true;
        }
        return undefined;
      },
    });

    await expect(pop3.stat()).rejects.toMatchObject({ code: 'POP3_LINE_TOO_LONG' });
  });

  it('accepts a 5 MB line inside a message within maxMessageBytes', async () => {
    const longLine = Buffer.alloc(5 * 1024 * 1024, 'a');
    const message = Buffer.concat([
      Buffer.from('Subject: big\r\n\r\n'),
      longLine,
      Buffer.from('\r\n'),
    ]);
    const pop3 = await loggedIn({ messages: [message] });

    expect((await pop3.retr(1)).equals(message)).toBe(true);
  });

  it('refuses a message larger than maxMessageBytes', async () => {
    const message = Buffer.concat([
      Buffer.from('Subject: big\r\n\r\n'),
      Buffer.alloc(300_000, 'a'),
    ]);
    const pop3 = await loggedIn({ messages: [message] }, { limits: { maxMessageBytes: 100_000 } });

    await expect(pop3.retr(1)).rejects.toMatchObject({ code: 'POP3_MESSAGE_TOO_LARGE' });
  });

  it('rejects CR or LF inside a command argument', async () => {
    server = await startFakePop3Server();
    client = new Pop3Client({ host: '127.0.0.1', port: server.port, security: 'NONE' });
    await client.connect();

    const auth = { type: 'password' as const, user: 'u\r\nDELE 1', pass: 'p' };
    await expect(client.authenticate(auth)).rejects.toMatchObject({ code: 'POP3_USAGE_ERROR' });
    expect(server.commands.some((command) => command.startsWith('DELE'))).toBe(false);
  });

  it('aborts a connect in progress when the caller closes', async () => {
    const port = await startRawServer(() => undefined);
    client = new Pop3Client({ host: '127.0.0.1', port, security: 'NONE' });

    const connecting = client.connect();
    setTimeout(() => client?.close(), 50);

    await expect(connecting).rejects.toMatchObject({ code: 'POP3_CLIENT_CLOSED' });
  });

  it('rejects pending calls with POP3_CLIENT_CLOSED when the caller closes', async () => {
    const pop3 = await loggedIn({ script: (line) => line === 'NOOP' || undefined });

    const pending = pop3.noop();
    pop3.close();

    await expect(pending).rejects.toMatchObject({ code: 'POP3_CLIENT_CLOSED' });
  });
});

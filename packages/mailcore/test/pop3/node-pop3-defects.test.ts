// Regression proof for choosing our own client: node-pop3 0.11.0 corrupts messages on RETR
// (dot-stuffing kept, final CRLF dropped, 8-bit bytes decoded as UTF-8) and never settles
// a command when the server drops the connection.
import Pop3Command from 'node-pop3';
import { afterEach, describe, expect, it } from 'vitest';
import { Pop3Client } from '../../src/pop3/index.ts';
import { type FakePop3Server, startFakePop3Server } from '../helpers/fake-pop3-server.ts';

const MESSAGE = Buffer.concat([
  Buffer.from('From: a@example.com\r\nSubject: dots\r\n\r\n'),
  Buffer.from('.hidden line starts with a dot\r\n'),
  Buffer.from('.\r\n'),
  Buffer.from('Fr'),
  Buffer.from([0xf6]),
  Buffer.from('sche in Latin-1\r\n'),
]);

let server: FakePop3Server | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('node-pop3 0.11.0 compared with our client', () => {
  it('corrupts a message with dot-stuffed lines while ours returns the exact bytes', async () => {
    server = await startFakePop3Server({
      messages: [MESSAGE],
      password: { user: 'u', pass: 'p' },
    });

    const theirs = new Pop3Command({
      user: 'u',
      password: 'p',
      host: '127.0.0.1',
      port: server.port,
    });
    const theirText = await theirs.RETR(1);
    await theirs.QUIT();

    expect(theirText).toContain('\r\n..hidden line');
    expect(theirText).toContain('\r\n..\r\n');
    expect(theirText.endsWith('\r\n')).toBe(false);
    expect(Buffer.from(theirText, 'latin1').equals(MESSAGE)).toBe(false);
    expect(theirText).toContain('Fr\ufffdsche');

    const ours = new Pop3Client({ host: '127.0.0.1', port: server.port, security: 'NONE' });
    await ours.connect();
    await ours.authenticate({ type: 'password', user: 'u', pass: 'p' });
    const ourBytes = await ours.retr(1);
    await ours.quit();

    expect(ourBytes.equals(MESSAGE)).toBe(true);
  });

  it('leaves RETR pending forever when the server drops the connection, ours rejects', async () => {
    server = await startFakePop3Server({
      messages: [MESSAGE],
      password: { user: 'u', pass: 'p' },
      script: (line, { socket, write }) => {
        if (line.startsWith('RETR')) {
          write('+OK 120 octets\r\nFrom: a@example.com\r\n');
          socket.destroy();
          return true;
        }
        return undefined;
      },
    });

    const theirs = new Pop3Command({
      user: 'u',
      password: 'p',
      host: '127.0.0.1',
      port: server.port,
    });
    theirs.on('error', () => undefined);
    const theirOutcome = theirs.RETR(1).then(
      () => 'resolved',
      () => 'rejected',
    );
    const settledWithin = await Promise.race([theirOutcome, delay(1_000).then(() => 'pending')]);
    expect(settledWithin).toBe('pending');

    const ours = new Pop3Client({ host: '127.0.0.1', port: server.port, security: 'NONE' });
    await ours.connect();
    await ours.authenticate({ type: 'password', user: 'u', pass: 'p' });
    await expect(ours.retr(1)).rejects.toMatchObject({ code: 'POP3_CONNECTION_CLOSED' });
  });
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

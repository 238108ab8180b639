import { afterEach, describe, expect, it } from 'vitest';
import { Pop3Client } from '../../src/pop3/index.ts';
import { type FakePop3Server, startFakePop3Server } from '../helpers/fake-pop3-server.ts';
import { encodeLossless } from '../helpers/pop3-wire.ts';

let server: FakePop3Server | undefined;
let client: Pop3Client | undefined;

afterEach(async () => {
  client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

/** Serves `wire` verbatim after `+OK` for RETR 1 and returns what our client made of it. */
async function retrieveWire(wire: Buffer | Buffer[], delayMs = 0): Promise<Buffer> {
  const pieces = Array.isArray(wire) ? wire : [wire];
  server = await startFakePop3Server({
    password: { user: 'u', pass: 'p' },
    script: (line, { write }) => {
      if (line !== 'RETR 1') {
        return undefined;
      }
      write('+OK\r\n');
      for (const [index, piece] of pieces.entries()) {
        setTimeout(() => write(piece), delayMs * index);
      }
      return true;
    },
  });
  client = new Pop3Client({ host: '127.0.0.1', port: server.port, security: 'NONE' });
  await client.connect();
  await client.authenticate({ type: 'password', user: 'u', pass: 'p' });
  return client.retr(1);
}

describe('RETR byte handling (RFC 1939 §3)', () => {
  it('removes the stuffed dot and keeps a line that is a single dot', async () => {
    const wire = Buffer.from('A: b\r\n\r\n..leading dot\r\n..\r\n...two dots\r\n.\r\n');

    const result = await retrieveWire(wire);

    expect(result.toString('latin1')).toBe('A: b\r\n\r\n.leading dot\r\n.\r\n..two dots\r\n');
  });

  it('keeps the CRLF before the terminator as part of the message', async () => {
    const result = await retrieveWire(Buffer.from('A: b\r\n\r\nlast line\r\n.\r\n'));

    expect(result.toString('latin1').endsWith('last line\r\n')).toBe(true);
  });

  it('returns an empty buffer for an empty message', async () => {
    const result = await retrieveWire(Buffer.from('.\r\n'));

    expect(result.length).toBe(0);
  });

  it('keeps bare LF line endings and accepts a bare-LF terminator', async () => {
    const wire = Buffer.from('A: b\n\nbody\n..dot\n.\n');

    const result = await retrieveWire(wire);

    expect(result.toString('latin1')).toBe('A: b\n\nbody\n.dot\n');
  });

  it('keeps 8-bit bytes and NUL bytes unchanged', async () => {
    const body = Buffer.from([
      0x41, 0x3a, 0x20, 0xf6, 0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0xff, 0x0d, 0x0a,
    ]);

    const result = await retrieveWire(encodeLossless(body));

    expect(result.equals(body)).toBe(true);
  });

  it('reassembles a response that arrives one byte at a time', async () => {
    const message = Buffer.from('A: b\r\n\r\n.x\r\n.\r\nend\r\n');
    const wire = encodeLossless(message);
    const bytes = [...wire].map((byte) => Buffer.from([byte]));

    const result = await retrieveWire(bytes, 1);

    expect(result.equals(message)).toBe(true);
  });

  it('does not mistake ".\\r\\n" split across packets for content', async () => {
    const result = await retrieveWire([Buffer.from('A: b\r\n\r\nx\r\n.'), Buffer.from('\r\n')], 20);

    expect(result.toString('latin1')).toBe('A: b\r\n\r\nx\r\n');
  });
});

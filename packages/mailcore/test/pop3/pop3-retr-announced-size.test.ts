import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ByteCollector } from '../../src/pop3/byte-collector.ts';
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

/** A message of `lines` lines, some dot-led, with random printable bytes. */
function messageOf(lines: number): Buffer {
  const body = Array.from({ length: lines }, (_, i) => {
    const text = randomBytes(30).toString('base64');
    return i % 7 === 0 ? `.${text}` : text;
  });
  return Buffer.from(`Subject: Gross\r\n\r\n${body.join('\r\n')}\r\n`);
}

/** Serves `message` for RETR 1 with `+OK <announced> octets`, in chunks of `chunkBytes`. */
async function retrieveAnnounced(message: Buffer, announced: number, chunkBytes = 1000) {
  const wire = encodeLossless(message);
  server = await startFakePop3Server({
    password: { user: 'u', pass: 'p' },
    script: (line, { write }) => {
      if (line !== 'RETR 1') {
        return undefined;
      }
      write(`+OK ${announced} octets\r\n`);
      for (let offset = 0; offset < wire.length; offset += chunkBytes) {
        write(wire.subarray(offset, offset + chunkBytes));
      }
      return true;
    },
  });
  client = new Pop3Client({ host: '127.0.0.1', port: server.port, security: 'NONE' });
  await client.connect();
  await client.authenticate({ type: 'password', user: 'u', pass: 'p' });
  return client.retr(1);
}

describe('RETR with the size the server announces (+OK N octets)', () => {
  const message = messageOf(5000);

  it('returns the exact bytes when the announced size is right', async () => {
    const result = await retrieveAnnounced(message, message.length);

    expect(result.equals(message)).toBe(true);
  });

  it('returns the exact bytes when the server announces too little', async () => {
    const result = await retrieveAnnounced(message, 100);

    expect(result.equals(message)).toBe(true);
  });

  it('returns the exact bytes when the server announces far too much', async () => {
    const result = await retrieveAnnounced(message, message.length * 10);

    expect(result.equals(message)).toBe(true);
    expect(result.buffer.byteLength).toBeLessThan(message.length * 2);
  });
});

describe('ByteCollector', () => {
  const parts = Array.from({ length: 300 }, (_, i) => randomBytes(1 + ((i * 37) % 500)));
  const whole = Buffer.concat(parts);

  it('fills one buffer allocated once when the hint is exact', () => {
    const collector = new ByteCollector(1 << 20, whole.length);
    for (const part of parts) {
      collector.append(part);
    }

    const result = collector.result();

    expect(result.equals(whole)).toBe(true);
    expect(result.buffer.byteLength).toBe(whole.length);
  });

  it('grows without a hint and keeps every byte in order', () => {
    const collector = new ByteCollector(1 << 20);
    for (const part of parts) {
      collector.append(part);
    }

    expect(collector.size).toBe(whole.length);
    expect(collector.result().equals(whole)).toBe(true);
  });

  it('never allocates past its limit', () => {
    const collector = new ByteCollector(whole.length, whole.length * 100);
    for (const part of parts) {
      collector.append(part);
    }

    expect(collector.result().equals(whole)).toBe(true);
  });
});

// Every corpus message through a scripted POP3 server and back through our client.
//
// "Byte for byte" here means: our client returns exactly the bytes the server's maildrop
// held, whenever the server's transmission can express them. Two cases:
//
// - An RFC 1939 server splits the stored message at LF and sends every line with CRLF.
//   A bare-LF message then arrives as CRLF; the client cannot know the store used LF.
// - A lossless server sends stored bytes as they are (bare LF stays bare LF), dot-stuffed.
//   Our client returns them unchanged.
//
// Known limit: in both cases a message whose last line has no line break comes back with a
// CRLF added; the terminating "." must start a line, so the protocol cannot say "no final
// line break" (RFC 1939 §3). One corpus file (very-long-folded-utf8-subject-200kb.eml) has
// no final line break.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pop3Client } from '../../src/pop3/index.ts';
import { type FakePop3Server, startFakePop3Server } from '../helpers/fake-pop3-server.ts';
import {
  canonicalCrlf,
  encodeLossless,
  encodeRfc1939,
  losslessResult,
} from '../helpers/pop3-wire.ts';
import { corpusDir } from '../helpers/repo-root.ts';

const dir = corpusDir();
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.eml'))
  .sort();
const messages = files.map((name) => readFileSync(path.join(dir, name)));

describe.each([
  { mode: 'RFC 1939 CRLF server', transmit: encodeRfc1939, expected: canonicalCrlf },
  { mode: 'lossless server', transmit: encodeLossless, expected: losslessResult },
])('corpus round trip through a $mode', ({ transmit, expected }) => {
  let server: FakePop3Server;
  let client: Pop3Client;

  beforeAll(async () => {
    server = await startFakePop3Server({
      messages,
      transmit,
      password: { user: 'u', pass: 'p' },
    });
    client = new Pop3Client({ host: '127.0.0.1', port: server.port, security: 'NONE' });
    await client.connect();
    await client.authenticate({ type: 'password', user: 'u', pass: 'p' });
  });

  afterAll(async () => {
    await client.quit();
    await server.close();
  });

  it('serves all 32 corpus files', () => {
    expect(files).toHaveLength(32);
  });

  it.each(files.map((name, index) => ({ name, index })))(
    'returns $name exactly as transmitted',
    async ({ index }) => {
      const original = messages[index] as Buffer;

      const received = await client.retr(index + 1);

      expect(received.equals(expected(original))).toBe(true);
    },
  );
});

describe('lossless transmission of corpus files', () => {
  it('returns every file that ends with a line break byte for byte', () => {
    const unchanged = messages.filter((m) => losslessResult(m).equals(m));
    expect(unchanged).toHaveLength(31);
  });
});

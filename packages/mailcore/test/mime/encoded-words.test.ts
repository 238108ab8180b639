import { describe, expect, it } from 'vitest';
import { decodeEncodedWords, decodeHeaderValue, readHeaderBlock } from '../../src/mime/index.ts';

describe('decodeEncodedWords (RFC 2047)', () => {
  it('decodes Q and B words', () => {
    expect(decodeEncodedWords('=?utf-8?Q?Fr=C3=B6sche_und_Hasen?=')).toBe('Frösche und Hasen');
    expect(decodeEncodedWords('=?iso-8859-1?B?SvxyZ2VuIFNjaG38cmdlbg==?=')).toBe(
      'Jürgen Schmürgen',
    );
  });

  it('drops whitespace between adjacent encoded words but keeps it around plain text', () => {
    expect(decodeEncodedWords('=?utf-8?Q?a?= =?utf-8?Q?b?= c =?utf-8?Q?d?=')).toBe('ab c d');
  });

  it('joins a multi-byte character split across two words', () => {
    expect(decodeEncodedWords('=?utf-8?Q?M=C3?= =?utf-8?Q?=BCller?=')).toBe('Müller');
  });

  it('ignores an RFC 2231 language suffix', () => {
    expect(decodeEncodedWords('=?utf-8*de?Q?Gr=C3=BC=C3=9Fe?=')).toBe('Grüße');
  });
});

describe('decodeHeaderValue', () => {
  it('reads raw Latin-1 bytes as Windows-1252', () => {
    expect(decodeHeaderValue(Buffer.from([0x46, 0x72, 0xf6, 0x73, 0x63, 0x68, 0x65]))).toBe(
      'Frösche',
    );
  });

  it('reads raw UTF-8 bytes as UTF-8', () => {
    expect(decodeHeaderValue(Buffer.from('Säying Hello', 'utf8'))).toBe('Säying Hello');
  });
});

describe('readHeaderBlock', () => {
  it('unfolds continuation lines and stops at the empty line', () => {
    const raw = Buffer.from('Subject: a\r\n b\r\nX-Test : c\n\nBody: no\r\n');

    const fields = readHeaderBlock(raw).map((f) => [f.key, f.value.toString()]);

    expect(fields).toEqual([
      ['Subject', 'a b'],
      ['X-Test', 'c'],
    ]);
  });

  it('skips an mbox From line', () => {
    const raw = Buffer.from('From someone@example.com Sat Jan  1 00:00:00 2000\nTo: a@b.c\n\n');

    expect(readHeaderBlock(raw).map((f) => f.key)).toEqual(['To']);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type InboxHeaders, parseInboxHeaders } from '../../src/mime/index.ts';
import { corpusDir } from '../helpers/repo-root.ts';

const dir = corpusDir();
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.eml'))
  .sort();

function parseCorpus(name: string): Promise<InboxHeaders> {
  return parseInboxHeaders(readFileSync(path.join(dir, name)));
}

describe('parseInboxHeaders on the whole corpus', () => {
  it('finds all 32 corpus files', () => {
    expect(files).toHaveLength(32);
  });

  it.each(files)('parses %s into sensible fields', async (name) => {
    const result = await parseCorpus(name);

    expect(result.headers.length).toBeGreaterThan(0);
    for (const header of result.headers) {
      expect(header.key).not.toBe('');
      expect(header.value).not.toMatch(/[\r\n]/);
    }
    if (result.date) {
      expect(Number.isNaN(result.date.getTime())).toBe(false);
    }
    for (const attachment of result.attachments) {
      expect(attachment.contentType).toMatch(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/i);
      expect(attachment.size).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('parseInboxHeaders on specific corpus files', () => {
  it('decodes an RFC 2047 UTF-8 subject with umlauts', async () => {
    const result = await parseCorpus('utf8-umlaut-subject-and-name-qp-body.eml');

    expect(result.subject).toBe('Die Hasen und die Frösche (Microsoft Outlook 00)');
    expect(result.fromAddress).toBe('doug@example.com');
    expect(result.fromName).toBe('Doug Sauder');
    expect(result.text).toContain('Die Hasen und die Frösche');
  });

  it('decodes an ISO-8859-1 encoded-word subject', async () => {
    const result = await parseCorpus('latin1-qp-body-umlaut-subject-pine.eml');

    expect(result.subject).toBe('Die Hasen und die Frösche');
  });

  it('reads unencoded ISO-8859-1 bytes in the subject as text', async () => {
    const result = await parseCorpus('latin1-base64-body-unencoded-8bit-headers-outlook.eml');

    expect(result.subject).toBe('Die Hasen und die Frösche (Microsoft Outlook 00)');
  });

  it('survives the mislabelled charset', async () => {
    const result = await parseCorpus('charset-mislabeled-utf8-body-is-latin1.eml');

    expect(result.subject).toBe('Test message from Netscape Communicator 4.7');
    expect(result.text).toContain('Die Hasen und die Fr');
  });

  it('leaves messageId undefined when the Message-ID header is missing', async () => {
    const result = await parseCorpus('bounce-qmail-no-message-id-dot-line.eml');

    expect(result.messageId).toBeUndefined();
    expect(result.fromAddress).toBe('MAILER-DAEMON@mx4.example.jp');
  });

  it('leaves date undefined when Date is missing or not a date', async () => {
    const missing = await parseCorpus('rfc2047-display-name-with-comma-no-date.eml');
    const bogus = await parseCorpus('obsolete-header-syntax-8bit-header-name.eml');

    expect(missing.date).toBeUndefined();
    expect(bogus.date).toBeUndefined();
    expect(bogus.headers.map((h) => h.key)).toContain('Date');
  });

  it('keeps a decoded comma inside the display name', async () => {
    const result = await parseCorpus('rfc2047-display-name-with-comma-no-date.eml');

    expect(result.fromName).toBe('Foo, Bar');
    expect(result.fromAddress).toBe('foo.bar@example.com');
  });

  it('decodes the 205 KB folded subject', async () => {
    const result = await parseCorpus('very-long-folded-utf8-subject-200kb.eml');

    expect(result.subject?.startsWith('Die heiße Zypernsonne quälte Max und Victoria')).toBe(true);
    expect(result.subject?.length).toBeGreaterThan(10_000);
    expect(result.messageId).toBeUndefined();
  });

  it('lists attachments with an RFC 2231 umlaut file name', async () => {
    const result = await parseCorpus('multipart-mixed-rfc2231-umlaut-filename-pine.eml');

    expect(result.attachments).toEqual([
      { filename: 'HasenundFrösche.txt', contentType: 'text/plain', size: 755 },
    ]);
  });

  it('lists a PDF attachment of a message without From', async () => {
    const result = await parseCorpus('multipart-mixed-pdf-attachment.eml');

    expect(result.attachments).toContainEqual({
      filename: 'test.pdf',
      contentType: 'application/pdf',
      size: 6940,
    });
    expect(result.fromAddress).toBeUndefined();
  });

  it('keeps duplicate headers in message order', async () => {
    const result = await parseCorpus('windows1252-encoded-words-qp-body-duplicate-from.eml');

    const fromHeaders = result.headers.filter((h) => h.key.toLowerCase() === 'from');
    expect(fromHeaders).toHaveLength(2);
  });

  it('parses raw UTF-8 headers with non-ASCII addresses', async () => {
    const result = await parseCorpus('utf8-raw-headers-no-date-no-message-id.eml');

    expect(result.subject).toBe('Säying Hello');
    expect(result.fromName).toBe('Jöhn Doe');
    expect(result.fromAddress).toBe('jdöe@mächine.example');
  });

  it('finds headers after a leading line of spaces', async () => {
    const result = await parseCorpus('iphone-inline-photo-leading-whitespace-line.eml');

    expect(result.subject).toBe('Subject');
    expect(result.attachments.map((a) => a.filename)).toContain('photo.JPG');
  });

  it('keeps truncated UTF-8 in a display name readable', async () => {
    const result = await parseCorpus('malformed-8bit-headers-broken-boundary.eml');

    expect(result.fromName?.startsWith('Юникод')).toBe(true);
  });
});

describe('parseInboxHeaders on constructed input', () => {
  it('converts an HTML-only body to text', async () => {
    const raw = Buffer.from(
      'Subject: html\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Guten <b>Tag</b></p>\r\n',
    );

    const result = await parseInboxHeaders(raw);

    expect(result.text?.trim()).toBe('Guten Tag');
  });
});

describe('parseInboxHeaders on broken input', () => {
  it.each([
    ['an empty buffer', Buffer.alloc(0)],
    ['binary garbage', Buffer.from([0x00, 0xff, 0xfe, 0x0a, 0x3a, 0x0d])],
    ['a body without headers', Buffer.from('\r\n\r\njust a body\r\n')],
    ['an encoded word with an unknown charset', Buffer.from('Subject: =?x-nope?Q?a=FFb?=\r\n\r\n')],
  ])('never throws on %s', async (_label, raw) => {
    const result = await parseInboxHeaders(raw);

    expect(result.attachments).toBeInstanceOf(Array);
    expect(result.headers).toBeInstanceOf(Array);
  });
});

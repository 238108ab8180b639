import mailsplit from '@zone-eu/mailsplit';
import libmime from 'libmime';
import addressparser from 'nodemailer/lib/addressparser';
import { readHeaderBlock } from './header-block.ts';
import {
  findDate,
  findDecoded,
  findDisplayName,
  type InboxHeaders,
  parseInboxHeaders,
  preferReadable,
} from './parse-inbox-headers.ts';

/** The fields of a received message the inbox list shows. */
export type ListHeaders = Pick<
  InboxHeaders,
  'messageId' | 'subject' | 'fromAddress' | 'fromName' | 'date'
>;

type HeaderLine = { key: string; line: string };
type ParsedAddress = { name?: string; address?: string };

// An encoded word inside an address: mailparser judges it with rules of its own.
const ENCODED_WORD = /=\?[^?]+\?[BbQq]\?[^?]*\?=/;
// Whitespace beside a dot after an @, within one address: `a@b .c`, `a@b. c`.
const SPACED_DOMAIN_DOT = /@[^<>,;"]*?(\s\.|\.\s)/;

/**
 * The inbox list's fields of a message, the same as {@link parseInboxHeaders} returns, at a
 * fraction of its cost: no MIME tree, no body, no display list of every header. It takes
 * mailparser's own steps for these fields — header lines split by mailsplit, values unfolded
 * and encoded words decoded by libmime (the versions mailparser itself uses), the sender read
 * by nodemailer's addressparser — and the Date and 8-bit repairs of parseInboxHeaders.
 * A sender the steps here cannot vouch for (a comment, an encoded word in the address, a
 * punycode domain) goes through the full parse instead. Never throws on broken input.
 *
 * @param raw - The message, or its header block.
 */
export async function parseListHeaders(raw: Buffer): Promise<ListHeaders> {
  const lines = readHeaderLines(raw);
  const from = readFirstSender(lines);
  if (from === 'full-parse') {
    const { messageId, subject, fromAddress, fromName, date } = await parseInboxHeaders(raw);
    return { messageId, subject, fromAddress, fromName, date };
  }

  // Our own reading of the fields, as parseInboxHeaders uses it: the Date, and the repair of
  // raw 8-bit bytes that mailparser turns into replacement characters.
  const fields = readHeaderBlock(raw);
  const messageId = firstValue(lines, 'message-id', (value) => toMessageId(decodeWords(value)));
  return {
    messageId,
    subject: preferReadable(firstValue(lines, 'subject', decodeWords), () =>
      findDecoded(fields, 'Subject'),
    ),
    fromAddress: from?.address || undefined,
    fromName: preferReadable(from?.name, () => findDisplayName(fields)),
    date: findDate(fields),
  };
}

function readHeaderLines(raw: Buffer): HeaderLine[] {
  try {
    return new mailsplit.Headers(raw).getList() as HeaderLine[];
  } catch {
    return [];
  }
}

/**
 * A field's value as mailparser reads it: unfolded and trimmed by libmime, then the raw bytes
 * read as UTF-8 (mailsplit hands lines over as binary strings).
 */
function readValue(line: HeaderLine): string {
  const value = String(libmime.decodeHeader(line.line)?.value ?? '').trim();
  return Buffer.from(value, 'binary').toString();
}

/** The first field of this name whose value is not empty once decoded (as mailparser keeps). */
function firstValue(
  lines: HeaderLine[],
  key: string,
  decode: (value: string) => string | undefined,
): string | undefined {
  for (const line of lines) {
    if (line.key === key) {
      const value = decode(readValue(line));
      if (value) {
        return value;
      }
    }
  }
  return undefined;
}

function decodeWords(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

// mailparser wraps a Message-ID in angle brackets where they are missing.
function toMessageId(value: string): string | undefined {
  if (value === '') {
    return undefined;
  }
  const opened = value.startsWith('<') ? value : `<${value}`;
  return opened.endsWith('>') ? opened : `${opened}>`;
}

/**
 * The first address of the first From field (even an empty one, as mailparser keeps), with
 * its display name decoded; `full-parse` when mailparser would apply rules not repeated here.
 */
function readFirstSender(lines: HeaderLine[]): ParsedAddress | undefined | 'full-parse' {
  const line = lines.find((candidate) => candidate.key === 'from');
  if (!line) {
    return undefined;
  }
  const value = readValue(line);
  // mailparser bundles an older addressparser: a newer one joins a domain across a comment or
  // whitespace beside a dot (obs-domain, RFC 5322 §4.4), which the older one splits.
  if (value.includes('(') || SPACED_DOMAIN_DOT.test(value)) {
    return 'full-parse';
  }
  const first = (addressparser(value) as ParsedAddress[])[0];
  if (!first) {
    return undefined;
  }
  const address = first.address;
  if (address && (ENCODED_WORD.test(address) || /@xn--/.test(address))) {
    return 'full-parse';
  }
  const name = String(first.name ?? '').trim();
  return { name: name ? decodeWords(name) : name, address };
}

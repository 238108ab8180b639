import { type ParsedMail, simpleParser } from 'mailparser';
import { decodeHeaderValue } from './encoded-words.ts';
import { findHeader, type RawHeaderField, readHeaderBlock } from './header-block.ts';

/** One header field decoded for display. */
export interface DisplayHeader {
  key: string;
  value: string;
}

/** An attachment's metadata; the content stays in the stored raw message. */
export interface InboxAttachment {
  filename?: string;
  contentType: string;
  size: number;
}

/** What the inbox shows of a received message. */
export interface InboxHeaders {
  messageId?: string;
  subject?: string;
  fromAddress?: string;
  fromName?: string;
  /** Undefined when the Date header is missing or not a date. */
  date?: Date;
  /** Every header field in message order, duplicates included, decoded for display. */
  headers: DisplayHeader[];
  /** The plain text body, or the HTML body converted to text. */
  text?: string;
  attachments: InboxAttachment[];
}

const REPLACEMENT = '\ufffd';

/**
 * Reads what the inbox needs from a raw message with mailparser, plus our own header
 * decoding: unencoded 8-bit headers (Outlook wrote ISO-8859-1 there) come out as text
 * instead of replacement characters. Never throws: broken input yields empty fields.
 *
 * @param raw - The message exactly as fetched.
 */
export async function parseInboxHeaders(raw: Buffer): Promise<InboxHeaders> {
  const fields = readHeaderBlock(raw);
  const headers = fields.map((field) => ({
    key: field.key,
    value: collapseWhitespace(decodeHeaderValue(field.value)),
  }));
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true }).catch(
    () => undefined,
  );
  const from = parsed?.from?.value[0];

  return {
    messageId: parsed?.messageId || undefined,
    subject: preferReadable(parsed?.subject, () => findDecoded(fields, 'Subject')),
    fromAddress: from?.address || undefined,
    fromName: preferReadable(from?.name, () => findDisplayName(fields)),
    date: findDate(fields),
    headers,
    text: readText(parsed),
    attachments: (parsed?.attachments ?? []).map((attachment) => ({
      filename: attachment.filename || undefined,
      contentType: attachment.contentType,
      size: attachment.size,
    })),
  };
}

/** A header field decoded by our own rules (8-bit repair included), whitespace collapsed. */
export function findDecoded(fields: RawHeaderField[], name: string): string | undefined {
  const value = findHeader(fields, name);
  return value ? collapseWhitespace(decodeHeaderValue(value)) : undefined;
}

/**
 * mailparser decodes raw 8-bit header bytes as UTF-8; where that produced replacement
 * characters and our Windows-1252 fallback did not, ours is the readable one. `readOurs` runs
 * only then.
 */
export function preferReadable(
  fromParser: string | undefined,
  readOurs: () => string | undefined,
): string | undefined {
  const value = fromParser || undefined;
  if (!value?.includes(REPLACEMENT)) {
    return value;
  }
  const ours = readOurs();
  return ours && !ours.includes(REPLACEMENT) ? ours : value;
}

/** The display name of the From field, by our own decoding. */
export function findDisplayName(fields: RawHeaderField[]): string | undefined {
  const from = findDecoded(fields, 'From');
  const match = from ? /^\s*"?(.*?)"?\s*<[^>]*>\s*$/.exec(from) : null;
  return match?.[1] || undefined;
}

// mailparser replaces an unparsable Date with the current time; we want "unknown" instead.
/** The Date field as a date; undefined when it is missing or not a date. */
export function findDate(fields: RawHeaderField[]): Date | undefined {
  const value = findDecoded(fields, 'Date');
  if (!value) {
    return undefined;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

// Known limit: the body text is mailparser's. An 8-bit body with no or a wrong charset
// (Latin-1 labelled UTF-8) shows replacement characters; only headers get our repair.
function readText(parsed: ParsedMail | undefined): string | undefined {
  const text = parsed?.text;
  return text && text.trim() !== '' ? text : undefined;
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

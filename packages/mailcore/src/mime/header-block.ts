const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const COLON = 0x3a;

/** One header field of a message, unfolded, its value still as raw bytes. */
export interface RawHeaderField {
  /** Field name as written, surrounding whitespace removed. */
  key: string;
  /** Field body after the colon, unfolded (RFC 5322 §2.2.3), leading whitespace removed. */
  value: Buffer;
}

// Header blocks past this size are cut: the corpus holds a 205 KB Subject, nothing sane
// needs more, and a broken message must not make us scan megabytes of body as headers.
const MAX_HEADER_BYTES = 4 * 1024 * 1024;

/**
 * Reads the header section of a raw message without decoding it. Lenient where real mail
 * is broken: LF or CRLF line ends, whitespace before the colon (RFC 5322 §4.5 obs-syntax),
 * lines that are no header field (an mbox `From ` line, a stray continuation before the
 * first field) are skipped. Never throws.
 */
export function readHeaderBlock(raw: Buffer): RawHeaderField[] {
  const fields: RawHeaderField[] = [];
  const end = Math.min(raw.length, MAX_HEADER_BYTES);
  let current: { key: string; parts: Buffer[] } | undefined;
  let start = 0;

  while (start < end) {
    const lf = raw.indexOf(LF, start);
    const lineEnd = lf === -1 || lf >= end ? end : lf;
    const line = trimCr(raw.subarray(start, lineEnd));
    start = lineEnd + 1;

    if (line.length === 0) {
      break;
    }
    if (line[0] === SPACE || line[0] === TAB) {
      // A continuation line; before the first field it is noise (e.g. a line of spaces).
      current?.parts.push(line);
      continue;
    }

    const colon = line.indexOf(COLON);
    if (current) {
      fields.push(toField(current));
      current = undefined;
    }
    if (colon > 0 && !line.subarray(0, 5).equals(Buffer.from('From '))) {
      const key = line.subarray(0, colon).toString('latin1').trim();
      current = key ? { key, parts: [line.subarray(colon + 1)] } : undefined;
    }
  }
  if (current) {
    fields.push(toField(current));
  }
  return fields;
}

/** Value of the first field with this name (case-insensitive), as raw bytes. */
export function findHeader(fields: RawHeaderField[], name: string): Buffer | undefined {
  const wanted = name.toLowerCase();
  return fields.find((field) => field.key.toLowerCase() === wanted)?.value;
}

function toField(current: { key: string; parts: Buffer[] }): RawHeaderField {
  const value = Buffer.concat(current.parts);
  let offset = 0;
  while (offset < value.length && (value[offset] === SPACE || value[offset] === TAB)) {
    offset += 1;
  }
  return { key: current.key, value: value.subarray(offset) };
}

function trimCr(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === CR ? line.subarray(0, -1) : line;
}

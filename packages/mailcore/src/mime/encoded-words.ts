// RFC 2047 §2: =?charset?encoding?encoded-text?= ; RFC 2231 §5 allows charset*language.
const ENCODED_WORD = /=\?([^?\s*]+)(?:\*[^?\s]*)?\?([BbQq])\?([^?\s]*)\?=/g;

const utf8 = new TextDecoder('utf-8');

/**
 * Turns raw header bytes into text, then decodes RFC 2047 encoded words. Raw 8-bit bytes
 * are read as UTF-8 (RFC 6532) when they mostly are; otherwise as Windows-1252, the superset
 * of ISO-8859-1 that Outlook and friends wrote unencoded into headers.
 */
export function decodeHeaderValue(bytes: Buffer): string {
  return decodeEncodedWords(decodeRawHeaderBytes(bytes));
}

function decodeRawHeaderBytes(bytes: Buffer): string {
  const text = utf8.decode(bytes);
  const broken = countMatches(text, /\ufffd/g);
  if (broken === 0) {
    return text;
  }
  // A few broken sequences among many good ones: truncated UTF-8, keep it.
  const good = countMatches(text, /[^\p{ASCII}\ufffd]/gu);
  return good > broken ? text : decodeCharset(bytes, 'windows-1252');
}

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * Decodes RFC 2047 encoded words. Whitespace between two encoded words is dropped (§6.2),
 * and adjacent words in the same charset are joined before decoding, because encoders split
 * multi-byte characters across words.
 */
export function decodeEncodedWords(text: string): string {
  const out: string[] = [];
  let pending: { charset: string; bytes: Buffer[] } | undefined;
  let last = 0;

  const flush = () => {
    if (pending) {
      out.push(decodeCharset(Buffer.concat(pending.bytes), pending.charset));
      pending = undefined;
    }
  };

  for (const match of text.matchAll(ENCODED_WORD)) {
    const [word, rawCharset = '', encoding = '', payload = ''] = match;
    const index = match.index ?? 0;
    const between = text.slice(last, index);
    const charset = rawCharset.toLowerCase();
    const adjacent = pending !== undefined && between.trim() === '';

    if (!adjacent || pending?.charset !== charset) {
      flush();
      if (!adjacent) {
        out.push(between);
      }
      pending = { charset, bytes: [] };
    }
    pending?.bytes.push(decodePayload(encoding, payload));
    last = index + word.length;
  }
  flush();
  out.push(text.slice(last));
  return out.join('');
}

function decodePayload(encoding: string, payload: string): Buffer {
  if (encoding.toUpperCase() === 'B') {
    return Buffer.from(payload, 'base64');
  }
  // Q encoding (§4.2): "_" is a space, =XX a byte, everything else itself.
  const bytes: number[] = [];
  for (let i = 0; i < payload.length; i += 1) {
    const char = payload[i];
    const hex = payload.slice(i + 1, i + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(char === '_' ? 0x20 : payload.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    // Unknown label: UTF-8 with replacement characters is the least surprising guess.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

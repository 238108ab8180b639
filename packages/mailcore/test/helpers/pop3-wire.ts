// Ways a POP3 server can put a stored message on the wire, for the scripted test servers.

const LF = 0x0a;
const DOT = 0x2e;
const CRLF = Buffer.from('\r\n');
const TERMINATOR = Buffer.from('.\r\n');

/** Splits a message into lines, each keeping its own terminator (LF, CRLF or none at the end). */
export function splitKeepingTerminators(message: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  while (start < message.length) {
    const lf = message.indexOf(LF, start);
    const end = lf === -1 ? message.length : lf + 1;
    lines.push(message.subarray(start, end));
    start = end;
  }
  return lines;
}

/** Strips the LF or CRLF from the end of a line. */
export function withoutTerminator(line: Buffer): Buffer {
  let end = line.length;
  if (line[end - 1] === LF) {
    end -= 1;
    if (line[end - 1] === 0x0d) {
      end -= 1;
    }
  }
  return line.subarray(0, end);
}

/**
 * What RFC 1939 §3 asks of a server: the message split into lines at LF, every line sent
 * with CRLF, lines starting with "." dot-stuffed, then ".CRLF".
 */
export function encodeRfc1939(message: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (const line of splitKeepingTerminators(message)) {
    const content = withoutTerminator(line);
    parts.push(stuff(content), CRLF);
  }
  parts.push(TERMINATOR);
  return Buffer.concat(parts);
}

/**
 * A server that sends stored bytes unchanged (bare LF stays bare LF), dot-stuffing each
 * line; only a missing final line break is added, because the terminator needs its own line.
 */
export function encodeLossless(message: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (const line of splitKeepingTerminators(message)) {
    parts.push(stuff(line));
  }
  if (message.length > 0 && message[message.length - 1] !== LF) {
    parts.push(CRLF);
  }
  parts.push(TERMINATOR);
  return Buffer.concat(parts);
}

/** What a correct client returns for a message sent with {@link encodeRfc1939}. */
export function canonicalCrlf(message: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (const line of splitKeepingTerminators(message)) {
    parts.push(withoutTerminator(line), CRLF);
  }
  return Buffer.concat(parts);
}

/** What a correct client returns for a message sent with {@link encodeLossless}. */
export function losslessResult(message: Buffer): Buffer {
  if (message.length === 0 || message[message.length - 1] === LF) {
    return message;
  }
  return Buffer.concat([message, CRLF]);
}

function stuff(line: Buffer): Buffer {
  return line[0] === DOT ? Buffer.concat([Buffer.from('.'), line]) : line;
}

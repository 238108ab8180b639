import { stripLineEnding } from './line-buffer.ts';

/** A parsed POP3 status line. */
export interface Pop3Status {
  /** `+OK`, `-ERR`, or a SASL continuation `+` (RFC 5034 §4). */
  kind: 'ok' | 'err' | 'continue';
  /** Text after the status indicator, response code included. */
  text: string;
  /** RFC 2449 §8 extended response code without brackets, e.g. `SYS/TEMP`. */
  responseCode?: string;
  /** The whole line as text, without its terminator. */
  line: string;
}

const STATUS = /^(\+OK|-ERR|\+)(?:\s(.*))?$/s;
// RFC 2449 §8: resp-code = "[" resp-level *("/" resp-level) "]"
const RESPONSE_CODE = /^\[([A-Za-z0-9-]+(?:\/[A-Za-z0-9-]+)*)\]/;

/**
 * Parses a status line. The indicator must be followed by a space or the end of the line:
 * `+OKAY` is garbage, not `+OK`.
 *
 * @returns The status, or undefined when the line is not a POP3 status line.
 */
export function parseStatusLine(raw: Buffer): Pop3Status | undefined {
  const line = stripLineEnding(raw).toString('utf8');
  const match = STATUS.exec(line);
  if (!match) {
    return undefined;
  }

  const indicator = match[1];
  const text = match[2] ?? '';
  const kind = indicator === '+OK' ? 'ok' : indicator === '-ERR' ? 'err' : 'continue';
  const responseCode = kind === 'continue' ? undefined : RESPONSE_CODE.exec(text)?.[1];
  return { kind, text, responseCode: responseCode?.toUpperCase(), line };
}

/** Capabilities from CAPA (RFC 2449 §5): upper-case tag → arguments. */
export type Pop3Capabilities = ReadonlyMap<string, readonly string[]>;

/** Parses the body of a CAPA response into tags and arguments. */
export function parseCapabilities(body: Buffer): Pop3Capabilities {
  const capabilities = new Map<string, string[]>();
  for (const line of body.toString('utf8').split(/\r?\n/)) {
    const [tag, ...args] = line.trim().split(/\s+/);
    if (tag) {
      capabilities.set(tag.toUpperCase(), args);
    }
  }
  return capabilities;
}

/** Splits a multi-line listing (LIST, UIDL) into its non-empty lines. */
export function splitListing(body: Buffer): string[] {
  return body
    .toString('utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

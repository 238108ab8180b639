/** Replacement text for every masked credential in a protocol transcript. */
export const REDACTED = '[redacted]';

/** Who produced a transcript line: the client, the server, or our own annotation. */
export type ProtocolDirection = 'client' | 'server' | 'info';

/** Where a transcript line came from, when one hook serves several connections. */
export interface SessionLineMeta {
  /** Connection id; SMTP pools run several sessions through one hook. */
  sessionId?: string;
}

/**
 * Receives one line of a protocol session, already redacted. Used by the POP3 client and the
 * SMTP transport when session logging is on.
 */
export type SessionLineHook = (
  direction: ProtocolDirection,
  text: string,
  meta?: SessionLineMeta,
) => void;

/** What the caller knows about a line beyond its text. */
export interface RedactLineContext {
  /** Direction of the line; server lines are never treated as SASL responses. */
  direction?: ProtocolDirection;
  /** True while the client is inside a SASL exchange and its lines are responses to `+`/`334`. */
  inAuthExchange?: boolean;
}

// `AUTH <mechanism> <initial response>`: SMTP (RFC 4954 §4) and POP3 (RFC 5034 §4).
const AUTH_WITH_DATA = /^(\s*AUTH\s+\S+)\s+\S.*$/i;
// POP3 `PASS <secret>` (RFC 1939 §7); the argument may contain spaces.
const PASS_WITH_ARG = /^(\s*PASS)\s.*$/i;
// A line of nothing but base64, long enough not to be a command such as `NOOP` or `QUIT`.
const BARE_BASE64 = /^[A-Za-z0-9+/]{20,}={0,2}$/;
// RFC 6750 §2.1 b64token after the Bearer scheme.
const BEARER_TOKEN = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi;
// A JWT/JWS: three base64url segments; the JOSE header always starts with `{"`, i.e. `eyJ`.
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
// base64("user=") is "dXNlcj0": the start of every SASL XOAUTH2 initial response.
const XOAUTH2_STRING = /dXNlcj[A-Za-z0-9+/]*={0,2}/g;
// Secrets in URL query strings or form bodies that servers sometimes echo back.
const SECRET_PARAM = /\b(access_token|refresh_token|id_token|client_secret|password)=[^&\s]+/gi;

/**
 * Masks credentials in one line of an SMTP or POP3 session: `AUTH` payloads, `PASS`
 * arguments, base64 lines the client sends during a SASL exchange, bearer tokens, JWTs and
 * base64 XOAUTH2 strings. Works without context, but a caller that tracks the SASL exchange
 * (see {@link createSessionRedactor}) should pass `inAuthExchange` so that short continuation
 * lines are masked too.
 *
 * @param text - One protocol line, without its line break.
 * @param context - Direction and SASL state of the line, when known.
 * @returns The line with every credential replaced by `[redacted]`.
 */
export function redactProtocolLine(text: string, context: RedactLineContext = {}): string {
  const fromClient = context.direction !== 'server' && context.direction !== 'info';

  if (fromClient) {
    const masked = redactClientCommand(text, context.inAuthExchange === true);
    if (masked !== undefined) {
      return masked;
    }
  }

  return text
    .replace(XOAUTH2_STRING, REDACTED)
    .replace(BEARER_TOKEN, `$1 ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(SECRET_PARAM, `$1=${REDACTED}`);
}

/**
 * Tracks the SASL state of one session so that every client continuation line is masked,
 * whatever it looks like. Create one per connection.
 *
 * @returns A function that redacts the next line of the session.
 */
export function createSessionRedactor(): (direction: ProtocolDirection, text: string) => string {
  let inAuthExchange = false;

  return (direction, text) => {
    if (direction === 'server') {
      // A continuation keeps the exchange open: `+` (RFC 5034 §4) or `334` (RFC 4954 §4).
      inAuthExchange = inAuthExchange && /^(\+(\s|$)|334[ -])/.test(text);
      return redactProtocolLine(text, { direction });
    }

    if (direction === 'info') {
      return redactProtocolLine(text, { direction });
    }

    const redacted = redactProtocolLine(text, { direction, inAuthExchange });
    if (/^\s*AUTH\s/i.test(text)) {
      inAuthExchange = true;
    }
    return redacted;
  };
}

function redactClientCommand(text: string, inAuthExchange: boolean): string | undefined {
  const trimmed = text.trim();

  // `*` cancels the exchange (RFC 4954 §4, RFC 5034 §4); an empty line carries no secret.
  if (inAuthExchange && trimmed !== '' && trimmed !== '*') {
    return REDACTED;
  }

  const auth = AUTH_WITH_DATA.exec(text);
  if (auth) {
    return `${auth[1]} ${REDACTED}`;
  }

  const pass = PASS_WITH_ARG.exec(text);
  if (pass) {
    return `${pass[1]} ${REDACTED}`;
  }

  if (BARE_BASE64.test(trimmed)) {
    return REDACTED;
  }

  return undefined;
}

import type { Xoauth2Challenge } from '../sasl/xoauth2.ts';

/** Why a POP3 operation failed. Stable: codes keep their meaning once shipped. */
export type Pop3ErrorCode =
  /** A step took longer than its timeout; see `stage`. */
  | 'POP3_TIMEOUT'
  /** The server closed the connection while we were waiting for it. */
  | 'POP3_CONNECTION_CLOSED'
  /** The socket reported an error (refused, reset, DNS failure, ...); see `osCode`. */
  | 'POP3_SOCKET_ERROR'
  /** The TLS handshake failed (certificate, wrong mode, protocol version). */
  | 'POP3_TLS_ERROR'
  /** STARTTLS was requested but the server does not offer STLS or refused it. */
  | 'POP3_STLS_UNAVAILABLE'
  /** A response line was longer than `limits.maxLineBytes`. */
  | 'POP3_LINE_TOO_LONG'
  /** A multi-line response was larger than `limits.maxMessageBytes`. */
  | 'POP3_MESSAGE_TOO_LARGE'
  /** The server sent something that is not POP3. */
  | 'POP3_PROTOCOL_ERROR'
  /** USER/PASS or AUTH was answered with `-ERR`. */
  | 'POP3_AUTH_FAILED'
  /** The server rejected the XOAUTH2 token (possibly after a `+ <base64 JSON>` challenge). */
  | 'POP3_XOAUTH2_REJECTED'
  /** Any other command was answered with `-ERR`. */
  | 'POP3_COMMAND_FAILED'
  /** The call is not allowed in the current state or with these arguments. */
  | 'POP3_USAGE_ERROR'
  /** The caller closed the client while the operation was pending. */
  | 'POP3_CLIENT_CLOSED';

/** The step a POP3 error happened in. */
export type Pop3Stage = 'connect' | 'tls' | 'greeting' | 'command' | 'data';

/** Details attached to a {@link Pop3Error}. */
export interface Pop3ErrorDetails {
  stage?: Pop3Stage;
  /** The command in flight, redacted (`PASS [redacted]`). */
  command?: string;
  /** The server's status line, e.g. `-ERR [AUTH] Authentication failed.` */
  response?: string;
  /** RFC 2449 §8 extended response code, e.g. `AUTH`, `IN-USE`, `SYS/TEMP`. */
  responseCode?: string;
  /** The decoded XOAUTH2 error challenge, when the server sent one. */
  challenge?: Xoauth2Challenge;
  /** Code of the underlying socket or TLS error, e.g. `ECONNREFUSED`. */
  osCode?: string;
  cause?: unknown;
}

/** The one error type the POP3 client rejects with. */
export class Pop3Error extends Error {
  override name = 'Pop3Error';
  readonly code: Pop3ErrorCode;
  readonly stage?: Pop3Stage;
  readonly command?: string;
  readonly response?: string;
  readonly responseCode?: string;
  readonly challenge?: Xoauth2Challenge;
  readonly osCode?: string;

  constructor(code: Pop3ErrorCode, message: string, details: Pop3ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.stage = details.stage;
    this.command = details.command;
    this.response = details.response;
    this.responseCode = details.responseCode;
    this.challenge = details.challenge;
    this.osCode = details.osCode;
  }
}

/** Tells whether a value is a {@link Pop3Error}. */
export function isPop3Error(value: unknown): value is Pop3Error {
  return value instanceof Pop3Error;
}

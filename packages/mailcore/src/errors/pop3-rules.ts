import type { ErrorFacts } from './error-facts.ts';
import type { MailErrorCode } from './mail-error-codes.ts';

/** Classifies a {@link Pop3Error} by its code and RFC 2449 response code. */
export function classifyPop3(facts: ErrorFacts): MailErrorCode | undefined {
  const error = facts.pop3;
  if (!error) {
    return undefined;
  }

  // RFC 2449 §8.1 (IN-USE, LOGIN-DELAY) and RFC 3206 §4 (SYS/TEMP, SYS/PERM, AUTH).
  const responseCode = error.responseCode ?? '';
  if (responseCode === 'IN-USE') {
    return 'POP3_MAILBOX_IN_USE';
  }
  if (responseCode === 'LOGIN-DELAY') {
    return 'POP3_LOGIN_DELAYED';
  }
  if (responseCode === 'SYS/TEMP') {
    return 'POP3_TEMPORARY';
  }

  switch (error.code) {
    case 'POP3_XOAUTH2_REJECTED':
      return 'POP3_XOAUTH2_REJECTED';
    case 'POP3_AUTH_FAILED':
      return 'POP3_LOGIN_FAILED';
    case 'POP3_CONNECTION_CLOSED':
      return error.stage === 'tls' ? 'TLS_WRONG_MODE' : 'POP3_CONNECTION_DROPPED';
    case 'POP3_STLS_UNAVAILABLE':
      return 'STARTTLS_UNAVAILABLE';
    case 'POP3_TLS_ERROR':
      return 'TLS_HANDSHAKE_FAILED';
    case 'POP3_MESSAGE_TOO_LARGE':
      return 'POP3_MESSAGE_TOO_LARGE';
    case 'POP3_LINE_TOO_LONG':
      return 'POP3_PROTOCOL_ERROR';
    case 'POP3_PROTOCOL_ERROR':
      return error.stage === 'greeting' ? 'PROTOCOL_MISMATCH' : 'POP3_PROTOCOL_ERROR';
    case 'POP3_COMMAND_FAILED':
      return error.stage === 'greeting' ? 'POP3_SERVER_REFUSED' : 'POP3_COMMAND_FAILED';
    default:
      return undefined;
  }
}

import type { ErrorFacts } from './error-facts.ts';
import type { MailErrorCode } from './mail-error-codes.ts';

// Microsoft's enhanced codes with a meaning of their own (Exchange Online NDR reference).
const MICROSOFT_CODES: Record<string, MailErrorCode> = {
  '5.7.139': 'SMTP_AUTH_DISABLED_FOR_TENANT',
  '5.7.3': 'SMTP_AUTH_REJECTED',
  '5.7.57': 'SMTP_AUTH_REQUIRED',
  '5.7.60': 'SMTP_SENDER_NOT_ALLOWED',
  '5.2.252': 'SMTP_SENDER_NOT_ALLOWED',
  '5.7.708': 'SMTP_TRAFFIC_NOT_ACCEPTED',
  '5.1.8': 'SMTP_SENDER_BLOCKED',
  '5.3.4': 'SMTP_MESSAGE_TOO_LARGE',
  '5.2.3': 'SMTP_MESSAGE_TOO_LARGE',
};

/** Classifies an SMTP error from nodemailer's code, reply code, command and reply text. */
export function classifySmtp(facts: ErrorFacts): MailErrorCode | undefined {
  const { responseCode, enhancedCode, command = '' } = facts;
  const codes = new Set(facts.codes);
  const text = facts.response ?? facts.message;

  if (codes.has('EOAUTH2')) {
    return 'OAUTH_TOKEN_UNAVAILABLE';
  }
  if (codes.has('ETLS')) {
    // A reply to STARTTLS means the server refused the upgrade rather than failed it.
    return responseCode !== undefined ? 'STARTTLS_UNAVAILABLE' : 'TLS_HANDSHAKE_FAILED';
  }
  if (/SendAsDenied/i.test(text)) {
    return 'SMTP_SENDER_NOT_ALLOWED';
  }
  if (/SubmissionQuotaExceeded|sending quota/i.test(text)) {
    return 'SMTP_QUOTA_EXCEEDED';
  }
  if (enhancedCode && MICROSOFT_CODES[enhancedCode] && (responseCode ?? 500) >= 500) {
    return MICROSOFT_CODES[enhancedCode];
  }
  if (responseCode === undefined) {
    return classifyWithoutReply(codes, command);
  }
  if (responseCode === 530 || responseCode === 538) {
    // RFC 3207 §4: 530 "Must issue a STARTTLS command first"; smtp-server uses 538.
    return /STARTTLS|TLS/i.test(text) ? 'TLS_REQUIRED_BY_SERVER' : 'SMTP_AUTH_REQUIRED';
  }
  if (codes.has('EAUTH') || command.startsWith('AUTH')) {
    return classifyAuthReply(responseCode, text);
  }
  if (responseCode >= 400 && responseCode < 500) {
    return classifyTemporary(responseCode, enhancedCode);
  }
  if (responseCode >= 500) {
    return classifyPermanent(responseCode, enhancedCode, command);
  }
  return 'SMTP_PROTOCOL_ERROR';
}

function classifyWithoutReply(codes: Set<string>, command: string): MailErrorCode | undefined {
  if (codes.has('EPROTOCOL') && command === 'CONN') {
    // A greeting without a reply code: something other than SMTP listens on that port.
    return 'PROTOCOL_MISMATCH';
  }
  if (codes.has('EENVELOPE')) {
    return 'SMTP_INVALID_ENVELOPE';
  }
  if (codes.has('ECONNECTION')) {
    return 'CONNECTION_DROPPED';
  }
  if (codes.has('EPROTOCOL')) {
    return 'SMTP_PROTOCOL_ERROR';
  }
  if (codes.has('EAUTH') || codes.has('ENOAUTH')) {
    return 'SMTP_AUTH_REJECTED';
  }
  return undefined;
}

function classifyAuthReply(responseCode: number, text: string): MailErrorCode {
  if (responseCode === 504 || /Unrecognized authentication type/i.test(text)) {
    return 'SMTP_AUTH_MECHANISM_UNSUPPORTED';
  }
  if (responseCode >= 400 && responseCode < 500) {
    // RFC 4954 §6: 454 4.7.0 temporary authentication failure.
    return 'SMTP_TEMPORARY';
  }
  return 'SMTP_AUTH_REJECTED';
}

function classifyTemporary(responseCode: number, enhancedCode?: string): MailErrorCode {
  // 421 (service closing, RFC 5321 §4.2.3), x.7.x policy and 4.3.2/4.4.5 load shedding.
  const throttling =
    responseCode === 421 ||
    enhancedCode?.startsWith('4.7.') ||
    enhancedCode === '4.3.2' ||
    enhancedCode === '4.4.5' ||
    enhancedCode === '4.5.3';
  return throttling ? 'SMTP_THROTTLED' : 'SMTP_TEMPORARY';
}

function classifyPermanent(
  responseCode: number,
  enhancedCode: string | undefined,
  command: string,
): MailErrorCode {
  if (responseCode === 552 && command !== 'RCPT TO') {
    // RFC 5321 §4.2.2: 552 exceeded storage allocation; at DATA that is the message size.
    return 'SMTP_MESSAGE_TOO_LARGE';
  }
  if (command === 'RCPT TO' || enhancedCode?.startsWith('5.1.') || enhancedCode === '5.2.2') {
    return 'SMTP_RECIPIENT_REJECTED';
  }
  if (command === 'MAIL FROM' && (responseCode === 553 || enhancedCode === '5.7.1')) {
    return 'SMTP_SENDER_NOT_ALLOWED';
  }
  return 'SMTP_REJECTED';
}

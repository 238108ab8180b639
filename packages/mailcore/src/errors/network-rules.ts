import { isCertificateErrorCode } from '../shared/tls-error-codes.ts';
import type { ClassifyContext } from './classify-context.ts';
import type { ErrorFacts } from './error-facts.ts';
import type { MailErrorCode } from './mail-error-codes.ts';

// Ports that speak TLS from the first byte (RFC 8314 §3.3 for 465, RFC 8314 §3.2 for 995).
const IMPLICIT_TLS_PORTS = new Set([465, 995]);
const PLAINTEXT_PORTS = new Set([25, 110, 587]);

// OpenSSL's answer when the other side does not speak TLS at all.
const NOT_TLS_CODES = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_UNKNOWN_PROTOCOL',
  'ERR_SSL_HTTP_REQUEST',
]);

// nodemailer wraps some TLS failures in ETLS with only the text of the original error, so
// the message is the only trace left of the OpenSSL reason.
const TLS_MESSAGE_PATTERNS: Array<[RegExp, MailErrorCode]> = [
  [/wrong version number|packet length too long|unknown protocol|http request/i, 'TLS_WRONG_MODE'],
  [/self[- ]signed certificate/i, 'TLS_CERT_SELF_SIGNED'],
  [/certificate has expired|certificate is not yet valid/i, 'TLS_CERT_EXPIRED'],
  [/does not match certificate's altnames/i, 'TLS_CERT_HOSTNAME_MISMATCH'],
  [/unable to (verify the first|get local issuer) certificate/i, 'TLS_CERT_UNTRUSTED'],
];

/** Certificate and handshake failures. */
export function classifyTls(facts: ErrorFacts): MailErrorCode | undefined {
  for (const code of facts.codes) {
    const mapped = mapCertificateCode(code);
    if (mapped) {
      return mapped;
    }
    if (NOT_TLS_CODES.has(code)) {
      return 'TLS_WRONG_MODE';
    }
  }
  // Only for errors without a server reply: a 5xx text may contain any words.
  for (const [pattern, code] of facts.responseCode === undefined ? TLS_MESSAGE_PATTERNS : []) {
    if (pattern.test(facts.message)) {
      return code;
    }
  }
  const tlsError = facts.codes.some((code) => code === 'ETLS' || code === 'POP3_TLS_ERROR');
  if (tlsError && facts.codes.some((code) => code === 'ECONNRESET' || code === 'EPIPE')) {
    // The server hung up on our ClientHello: it expected plaintext.
    return 'TLS_WRONG_MODE';
  }
  return undefined;
}

/** DNS, TCP and timeout failures. */
export function classifyNetwork(
  facts: ErrorFacts,
  context: ClassifyContext,
): MailErrorCode | undefined {
  const codes = new Set(facts.codes);
  if (codes.has('ENOTFOUND')) {
    return 'HOST_NOT_FOUND';
  }
  if (codes.has('EAI_AGAIN') || codes.has('ESERVFAIL') || codes.has('EDNS')) {
    return 'DNS_TEMPORARY_FAILURE';
  }
  if (codes.has('ECONNREFUSED')) {
    return 'CONNECTION_REFUSED';
  }
  if (codes.has('ENETUNREACH') || codes.has('EHOSTUNREACH')) {
    return 'NETWORK_UNREACHABLE';
  }
  if (codes.has('ECONNRESET') || codes.has('EPIPE')) {
    return 'CONNECTION_RESET';
  }
  if (codes.has('ETIMEDOUT') || codes.has('POP3_TIMEOUT')) {
    return classifyTimeout(facts, context);
  }
  return undefined;
}

function classifyTimeout(facts: ErrorFacts, context: ClassifyContext): MailErrorCode {
  const stage = facts.pop3?.stage;
  if (facts.timeoutType === 'GREETING_TIMEOUT' || stage === 'greeting') {
    // A client that waits for a greeting on an implicit-TLS port waits forever: the server
    // is waiting for our ClientHello.
    return isPlaintextAgainstTlsPort(context) ? 'TLS_WRONG_MODE' : 'GREETING_TIMEOUT';
  }
  if (facts.timeoutType === 'UPGRADE_TIMEOUT' || stage === 'tls') {
    return 'TLS_HANDSHAKE_FAILED';
  }
  if (facts.timeoutType === 'SOCKET_TIMEOUT') {
    // nodemailer's idle timeout in an established session; it too names the command CONN.
    return 'OPERATION_TIMEOUT';
  }
  if (facts.timeoutType === 'CONNECT_TIMEOUT' || stage === 'connect' || facts.command === 'CONN') {
    return 'CONNECTION_TIMEOUT';
  }
  return 'OPERATION_TIMEOUT';
}

function isPlaintextAgainstTlsPort(context: ClassifyContext): boolean {
  const { port, security } = context;
  return port !== undefined && security !== 'TLS' && IMPLICIT_TLS_PORTS.has(port);
}

/** True when implicit TLS was configured for a port that normally starts in plaintext. */
export function isTlsAgainstPlaintextPort(context: ClassifyContext): boolean {
  const { port, security } = context;
  return port !== undefined && security === 'TLS' && PLAINTEXT_PORTS.has(port);
}

function mapCertificateCode(code: string): MailErrorCode | undefined {
  if (!isCertificateErrorCode(code)) {
    return undefined;
  }
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'TLS_CERT_SELF_SIGNED';
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return 'TLS_CERT_EXPIRED';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'TLS_CERT_HOSTNAME_MISMATCH';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_UNTRUSTED':
      return 'TLS_CERT_UNTRUSTED';
    default:
      return 'TLS_CERT_INVALID';
  }
}

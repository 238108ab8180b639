import { redactProtocolLine } from '../session-log/redact-protocol-line.ts';
import type { ClassifyContext } from './classify-context.ts';
import { type ErrorFacts, readErrorFacts } from './error-facts.ts';
import type { MailErrorCode } from './mail-error-codes.ts';
import { renderMailErrorText } from './mail-error-texts.ts';
import { classifyNetwork, classifyTls, isTlsAgainstPlaintextPort } from './network-rules.ts';
import { classifyPop3 } from './pop3-rules.ts';
import { classifySmtp } from './smtp-rules.ts';

const MAX_DETAIL_LENGTH = 500;

/** The diagnosis of a mail error, ready for the job log and the admin's dashboard. */
export interface MailErrorClassification {
  /** Stable SCREAMING_SNAKE code, see {@link MAIL_ERROR_CODES}. */
  code: MailErrorCode;
  /** True when retrying later can succeed (4xx, timeouts, drops); false means do not retry. */
  transient: boolean;
  /** German sentence for the administrator: what happened. */
  messageDe: string;
  /** German sentence for the administrator: what to do. */
  actionDe: string;
  /** The server's words (reply or error text), credentials removed, at most 500 characters. */
  detail?: string;
}

/**
 * Classifies an error from nodemailer, our POP3 client or Node's socket and TLS layers.
 * Reads codes, reply codes and RFC 3463 enhanced codes first; error text only where a
 * library leaves nothing else (nodemailer's wrapped TLS errors).
 *
 * @param error - Whatever was thrown.
 * @param context - Protocol, and when known stage, security, port and auth type.
 */
export function classifyMailError(
  error: unknown,
  context: ClassifyContext,
): MailErrorClassification {
  const facts = readErrorFacts(error);
  const code = pickCode(facts, context);
  const texts = renderMailErrorText(code, context);

  return { code, ...texts, detail: buildDetail(facts) };
}

function pickCode(facts: ErrorFacts, context: ClassifyContext): MailErrorCode {
  const tls = classifyTls(facts);
  if (tls) {
    return tls;
  }

  const network = classifyNetwork(facts, context);
  const code = network ?? (context.protocol === 'POP3' ? classifyPop3(facts) : classifySmtp(facts));
  return refineDelegation(refineTlsMode(code, context), context) ?? 'MAIL_UNKNOWN_ERROR';
}

// Exchange opens the POP3 mailbox named in XOAUTH2's user= only when the token's user is that
// mailbox or has Full Access to it, and refuses with the same answer as a bad token. When the
// token belongs to another account, the missing Full Access right is by far the likelier
// cause. Known limit: a revoked token of such an account reads as missing Full Access too,
// until the access token's next regular refresh (within the hour) finds the link dead.
function refineDelegation(
  code: MailErrorCode | undefined,
  context: ClassifyContext,
): MailErrorCode | undefined {
  const { mailbox, signedInAccount } = context;
  const isForeign =
    mailbox !== undefined &&
    signedInAccount !== undefined &&
    mailbox.toLowerCase() !== signedInAccount.toLowerCase();
  return code === 'POP3_XOAUTH2_REJECTED' && isForeign ? 'POP3_MAILBOX_ACCESS_DENIED' : code;
}

// A reset or a failed handshake where TLS was spoken to a plaintext port (587, 110, 25),
// or a reset the caller saw during its TLS step, is the wrong TLS mode, not bad luck.
function refineTlsMode(
  code: MailErrorCode | undefined,
  context: ClassifyContext,
): MailErrorCode | undefined {
  const suspicious = code === 'CONNECTION_RESET' || code === 'TLS_HANDSHAKE_FAILED';
  if (suspicious && (isTlsAgainstPlaintextPort(context) || context.stage === 'tls')) {
    return 'TLS_WRONG_MODE';
  }
  return code;
}

function buildDetail(facts: ErrorFacts): string | undefined {
  const parts = [facts.response ?? facts.message];
  if (facts.challenge) {
    parts.push(`challenge: ${facts.challenge.raw}`);
  }
  const text = parts
    .filter((part) => part.length > 0)
    .join(' | ')
    .split(/\r?\n/)
    .map((line) => redactProtocolLine(line))
    .join(' ')
    .trim();
  if (text.length === 0) {
    return undefined;
  }
  return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH - 1)}…` : text;
}

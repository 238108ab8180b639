import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { SMTPServerAuthentication, SMTPServerSession } from 'smtp-server';
import { type AccountBook, normalizeEmail } from '../accounts.ts';
import type { MailStackControls } from '../controls.ts';
import { IntrospectionUnavailableError, introspectToken } from '../introspection.ts';
import * as replies from './microsoft-replies.ts';

export interface AuthContext {
  identityUrl: string;
  /** When set, a token's scopes must contain it (bare or as `https://.../<scope>`). */
  smtpScope?: string;
  book: AccountBook;
  controls: MailStackControls;
  log: Logger;
}

/**
 * Decides an SMTP AUTH like Exchange Online: TLS first, then the credentials, then the tenant's
 * SMTP AUTH switch. Resolves with the mailbox address; rejects with the reply to send.
 */
export async function authenticate(
  context: AuthContext,
  auth: SMTPServerAuthentication,
  session: SMTPServerSession,
): Promise<string> {
  // smtp-server offers AUTH before STARTTLS and lets it through (allowInsecureAuth), so the
  // refusal and its exact text are ours.
  if (!session.secure) {
    context.log.info({ method: auth.method }, 'smtp auth refused without tls');
    throw replies.encryptionRequired();
  }

  const mailbox =
    auth.method === 'XOAUTH2' ? await checkToken(context, auth) : checkPassword(context, auth);
  if (context.controls.get(mailbox).smtpAuthDisabled) {
    context.log.info({ method: auth.method }, 'smtp auth refused: disabled for the tenant');
    throw replies.smtpAuthDisabled();
  }
  context.log.debug({ method: auth.method, mailbox }, 'smtp auth accepted');
  return mailbox;
}

async function checkToken(context: AuthContext, auth: SMTPServerAuthentication): Promise<string> {
  const claimed = normalizeEmail(auth.username ?? '');
  let result: Awaited<ReturnType<typeof introspectToken>>;
  try {
    result = await introspectToken(context.identityUrl, auth.accessToken ?? '');
  } catch (error) {
    if (error instanceof IntrospectionUnavailableError) {
      context.log.warn({ err: error.cause }, 'smtp auth: identity stand-in unreachable');
      throw replies.temporaryAuthFailure();
    }
    throw error;
  }

  if (!result.active) {
    return refuse(context, result.reason);
  }
  if (result.claims.email !== claimed) {
    return refuse(context, 'token email differs from the XOAUTH2 user');
  }
  if (context.smtpScope && !hasScope(result.claims.scopes, context.smtpScope)) {
    return refuse(context, `token lacks scope ${context.smtpScope}`);
  }
  return claimed;
}

function checkPassword(context: AuthContext, auth: SMTPServerAuthentication): string {
  const mailbox = normalizeEmail(auth.username ?? '');
  const expected = context.book.passwordUsers.get(mailbox);
  // RFC 4616: an authzid other than the authcid asks to act as someone else; not supported.
  if (auth.authzid && normalizeEmail(auth.authzid) !== mailbox) {
    return refuse(context, 'PLAIN authzid differs from authcid');
  }
  if (expected === undefined || !isSameSecret(expected, auth.password ?? '')) {
    return refuse(context, 'unknown user or wrong password');
  }
  return mailbox;
}

function refuse(context: AuthContext, reason: string): never {
  context.log.info({ reason }, 'smtp auth refused');
  throw replies.authUnsuccessful();
}

function hasScope(scopes: string[], wanted: string): boolean {
  return scopes.some((scope) => scope === wanted || scope.endsWith(`/${wanted}`));
}

function isSameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

import { randomBytes } from 'node:crypto';

/** The host name Exchange Online puts in its greeting and diagnostics; ours is made up. */
export const SMTP_HOSTNAME = 'AM0PR04MB0042.eurprd04.prod.outlook.com';

/** An error smtp-server turns into a reply: `<responseCode> <message>`. */
export interface SmtpReplyError extends Error {
  responseCode: number;
}

// smtp-server's automatic enhanced status codes are switched off (hideENHANCEDSTATUSCODES),
// because it would put its own code in front of ours ("535 5.7.8 5.7.3 ..."); every text here
// carries the code Microsoft uses.
function reply(responseCode: number, text: string): SmtpReplyError {
  return Object.assign(new Error(text), { responseCode });
}

/** Exchange ends failure replies with `[host timestamp id]`; clients should never parse it. */
function diagnostics(): string {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  return `[${SMTP_HOSTNAME} ${new Date().toISOString()} ${requestId}]`;
}

export function authUnsuccessful(): SmtpReplyError {
  return reply(535, `5.7.3 Authentication unsuccessful ${diagnostics()}`);
}

export function smtpAuthDisabled(): SmtpReplyError {
  const text =
    '5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. ' +
    'Visit https://aka.ms/smtp_auth_disabled for more information.';
  return reply(535, `${text} ${diagnostics()}`);
}

export function encryptionRequired(): SmtpReplyError {
  return reply(538, '5.7.11 Encryption required for requested authentication mechanism');
}

/** The identity stand-in could not be reached; a retry may succeed. */
export function temporaryAuthFailure(): SmtpReplyError {
  return reply(454, `4.7.0 Temporary authentication failure ${diagnostics()}`);
}

export function sendAsDenied(sender: string, from: string): SmtpReplyError {
  const detail =
    'STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; ' +
    'Failed to process message due to a permanent exception with message ' +
    '[BeginDiagnosticData]Cannot submit message.';
  return reply(554, `5.2.252 SendAsDenied; ${sender} not allowed to send as ${from}; ${detail}`);
}

// Known limit: the 4.7.66 code follows our test plan; its wording is ours, not verified against
// a live tenant. Clients should key on "421" (transient, connection closed), not on the text.
export function throttled(): SmtpReplyError {
  return reply(
    421,
    `4.7.66 Message submission rate for this client has exceeded the limit ${diagnostics()}`,
  );
}

export function messageTooLarge(limit: number): SmtpReplyError {
  return reply(552, `5.3.4 Message size exceeds fixed maximum message size (${limit} bytes)`);
}

export function queued(messageId: string | undefined): string {
  const id = messageId ? ` ${messageId}` : '';
  return `2.0.0 OK${id} [Hostname=${SMTP_HOSTNAME}]`;
}

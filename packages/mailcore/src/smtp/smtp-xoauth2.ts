import type { SMTPConnectionCustomAuthContext } from 'nodemailer/lib/smtp-connection';
import { buildXoauth2String, decodeXoauth2Challenge } from '../sasl/xoauth2.ts';

/** How the XOAUTH2 token is sent: on the AUTH line (default) or after a `334` prompt. */
export type SmtpXoauth2Mode = 'initial-response' | 'two-step';

/**
 * Our XOAUTH2 for nodemailer's `customAuth`. nodemailer's built-in XOAUTH2 answers a `334`
 * error challenge and then repeats the whole AUTH with the same token, which doubles the
 * failed logins the server counts and drops the challenge. This handler makes one attempt
 * and keeps the decoded challenge on the error (`xoauth2Challenge`).
 *
 * The token comes from the closure, not from nodemailer's auth object: nodemailer selects a
 * custom XOAUTH2 handler only when its auth settings are of type OAuth2, and otherwise
 * falls back to the first advertised mechanism (PLAIN) with the token as the password.
 * nodemailer masks the AUTH line in its log as `AUTH XOAUTH2 /* secret *\/`.
 */
export function createXoauth2Handler(credentials: {
  user: string;
  accessToken: string;
  mode: SmtpXoauth2Mode;
}) {
  const { user, accessToken, mode } = credentials;

  return async (context: SMTPConnectionCustomAuthContext): Promise<void> => {
    const token = buildXoauth2String(user, accessToken);

    let reply =
      mode === 'two-step'
        ? await context.sendCommand('AUTH XOAUTH2')
        : await context.sendCommand(`AUTH XOAUTH2 ${token}`);
    if (mode === 'two-step' && reply.status === 334) {
      reply = await context.sendCommand(token);
    }
    if (reply.status === 235) {
      return;
    }

    let challenge: ReturnType<typeof decodeXoauth2Challenge>;
    if (reply.status === 334) {
      // RFC 4954 §4 / RFC 7628 §3.2.3: the server reports the failure as a challenge and
      // sends its 535 only after an empty client response.
      challenge = decodeXoauth2Challenge(reply.text);
      reply = await context.sendCommand('');
    }
    // nodemailer appends the last reply and sets code EAUTH, responseCode and command.
    throw Object.assign(new Error('Invalid login'), { xoauth2Challenge: challenge });
  };
}

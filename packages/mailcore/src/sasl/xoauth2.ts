import { z } from 'zod';

// Control characters would change the meaning of the SASL message (fields are split on \x01)
// or of the protocol line it travels on.
const FORBIDDEN_IN_FIELD = /\p{Cc}/u;

/**
 * Builds the SASL XOAUTH2 initial client response used by Microsoft and Google for SMTP,
 * POP3 and IMAP: `base64("user=" + user + "\x01auth=Bearer " + token + "\x01\x01")`.
 *
 * @param user - The mailbox address (Microsoft: the UPN or primary SMTP address).
 * @param accessToken - The OAuth2 access token.
 * @returns The base64 string to send after `AUTH XOAUTH2`.
 * @throws TypeError when an argument is empty or contains a control character.
 */
export function buildXoauth2String(user: string, accessToken: string): string {
  assertField('user', user);
  assertField('accessToken', accessToken);

  const message = `user=${user}\x01auth=Bearer ${accessToken}\x01\x01`;
  return Buffer.from(message, 'utf8').toString('base64');
}

const statusSchema = z.union([z.string(), z.number()]).transform(String);

/** Shape of the JSON error challenge a server sends after a rejected XOAUTH2 token. */
export const xoauth2ChallengeSchema = z.looseObject({
  status: statusSchema.optional(),
  schemes: z.string().optional(),
  scope: z.string().optional(),
});

/** The decoded XOAUTH2 error challenge, e.g. `{ status: '401', schemes: 'bearer', ... }`. */
export type Xoauth2Challenge = z.infer<typeof xoauth2ChallengeSchema> & {
  /** The decoded challenge text as the server sent it, for logs and error details. */
  raw: string;
};

/**
 * Decodes the base64 JSON challenge that Microsoft and Google send (as `+ <base64>` in POP3,
 * `334 <base64>` in SMTP) when they reject an XOAUTH2 token. Never throws.
 *
 * @param base64 - The challenge payload without the `+ ` or `334 ` prefix.
 * @returns The parsed challenge, or undefined when the payload is not a JSON object.
 */
export function decodeXoauth2Challenge(base64: string): Xoauth2Challenge | undefined {
  const raw = Buffer.from(base64.trim(), 'base64').toString('utf8');

  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }

  const parsed = xoauth2ChallengeSchema.safeParse(json);
  if (!parsed.success) {
    return undefined;
  }
  return { ...parsed.data, raw };
}

function assertField(name: string, value: string): void {
  if (value.length === 0) {
    throw new TypeError(`XOAUTH2 ${name} must not be empty`);
  }
  if (FORBIDDEN_IN_FIELD.test(value)) {
    throw new TypeError(`XOAUTH2 ${name} must not contain control characters`);
  }
}

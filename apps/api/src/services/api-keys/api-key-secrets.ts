import { randomBytes } from 'node:crypto';
import { hashToken } from '../auth/sessions.ts';

// `pwk_` + 8 hex characters (the prefix people see) + `_` + 32 random bytes in base64url.
// The fixed lengths let us refuse anything else before touching the database; the secret
// part may itself contain `_`, which is why the prefix has a fixed length.
const KEY_FORMAT = /^pwk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 'pwk_'.length + 8;

export type GeneratedApiKey = {
  /** The whole key: shown once, never stored. */
  key: string;
  /** The start of the key (`pwk_1a2b3c4d`), stored and listed so people can tell keys apart. */
  prefix: string;
  /** SHA-256 of the whole key: what the database keeps and looks keys up by. */
  secretHash: string;
};

export function generateApiKey(): GeneratedApiKey {
  const key = `pwk_${randomBytes(4).toString('hex')}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, PREFIX_LENGTH), secretHash: hashToken(key) };
}

export function isWellFormedApiKey(value: string): boolean {
  return KEY_FORMAT.test(value);
}

/**
 * The token of an `Authorization: Bearer …` header; undefined when the header is absent or
 * uses another scheme (RFC 6750 section 2.1: the scheme is case-insensitive).
 */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = header?.match(/^bearer(?:\s+(.*))?$/i);
  return match ? (match[1] ?? '').trim() : undefined;
}

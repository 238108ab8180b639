import type { PasswordUser } from './types.ts';

/** The identity stand-in's default users; they log in with XOAUTH2 only, as on Microsoft 365. */
export const DEFAULT_OAUTH_USERS: readonly string[] = [
  'becker@bau-firma.de',
  'mueller@bau-firma.de',
  'info@bau-firma.de',
  'admin@bau-firma.de',
];

/** A non-Microsoft mailbox. The password is deliberately non-ASCII to prove UTF-8 end to end. */
export const DEFAULT_PASSWORD_USERS: readonly PasswordUser[] = [
  { email: 'kunde@andere-firma.example', password: 'Grüße§€-Test1' },
];

/** address → mailboxes allowed to send as it (Exchange's "Send As" permission). */
export const DEFAULT_SEND_AS: Readonly<Record<string, readonly string[]>> = {
  'info@bau-firma.de': ['admin@bau-firma.de'],
};

/**
 * mailbox → accounts with Full Access to it (Exchange's mailbox delegation): their tokens open
 * the mailbox over POP3 with XOAUTH2 `user=<mailbox>`. As in the demo, the firm admin reads
 * the public mailbox info@, and no one else's.
 */
export const DEFAULT_FULL_ACCESS: Readonly<Record<string, readonly string[]>> = {
  'info@bau-firma.de': ['admin@bau-firma.de'],
};

/** Merges grants over the default ones into lower-case sets, checking every address. */
export function buildFullAccess(
  extra: Readonly<Record<string, readonly string[]>> = {},
): Map<string, Set<string>> {
  const grants = new Map<string, Set<string>>();
  for (const [mailbox, accounts] of Object.entries({ ...DEFAULT_FULL_ACCESS, ...extra })) {
    const key = requireUsableAddress(mailbox);
    grants.set(key, new Set(accounts.map(requireUsableAddress)));
  }
  return grants;
}

/** All comparisons use lower case: Exchange treats addresses case-insensitively. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Addresses become Dovecot user names, passwd-file keys and directory names.
const USABLE_ADDRESS = /^[a-z0-9._+-]+@[a-z0-9.-]+$/;

export interface AccountBook {
  oauthUsers: Set<string>;
  passwordUsers: Map<string, string>;
}

export function buildAccountBook(
  users: readonly string[] = DEFAULT_OAUTH_USERS,
  passwordUsers: readonly PasswordUser[] = DEFAULT_PASSWORD_USERS,
): AccountBook {
  const book: AccountBook = { oauthUsers: new Set(), passwordUsers: new Map() };
  for (const email of users) {
    book.oauthUsers.add(requireUsableAddress(email));
  }
  for (const user of passwordUsers) {
    book.passwordUsers.set(requireUsableAddress(user.email), user.password);
  }
  return book;
}

/** Every mailbox that gets a Maildir and receives local delivery. */
export function listMailboxes(book: AccountBook): string[] {
  return [...new Set([...book.oauthUsers, ...book.passwordUsers.keys()])];
}

export function isLocalMailbox(book: AccountBook, email: string): boolean {
  const address = normalizeEmail(email);
  return book.oauthUsers.has(address) || book.passwordUsers.has(address);
}

/** Lower-cases an address and refuses one Dovecot's files or paths could not hold. */
export function requireUsableAddress(email: string): string {
  const address = normalizeEmail(email);
  if (!USABLE_ADDRESS.test(address)) {
    throw new Error(`mailbox address not supported by the mail stack: ${JSON.stringify(email)}`);
  }
  return address;
}

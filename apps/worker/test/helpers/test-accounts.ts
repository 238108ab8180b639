/** One Microsoft account per test file, so no test sees another test's mail. */
export const OAUTH_ACCOUNTS = {
  fullLoop: 'loop@bau-firma.de',
  crash: 'crash@bau-firma.de',
  keepCopy: 'keep@bau-firma.de',
  errors: 'errors@bau-firma.de',
  corpus: 'corpus@bau-firma.de',
  idempotent: 'idem@bau-firma.de',
  metrics: 'metrics@bau-firma.de',
  keepAliveIdle: 'idle@bau-firma.de',
  keepAliveRecent: 'recent@bau-firma.de',
  deadLink: 'revoked@bau-firma.de',
  tokenRefresh: 'refresh@bau-firma.de',
  deadLinkSend: 'abgemeldet@bau-firma.de',
  // A mailbox linked to another account (no Full Access), and a shared one read by a delegate.
  employeeMailbox: 'geselle@bau-firma.de',
  foreignAccount: 'chefin@bau-firma.de',
  sharedMailbox: 'zentrale@bau-firma.de',
  delegate: 'vertretung@bau-firma.de',
  // One account for every company's server of a mailbox ("Verschiedene Server je Firma").
  perCompany: 'firmen@bau-firma.de',
} as const;

/** Exchange's Full Access grants of the mail stack: mailbox → accounts that may open it. */
export const FULL_ACCESS = {
  [OAUTH_ACCOUNTS.sharedMailbox]: [OAUTH_ACCOUNTS.delegate],
};

/** And its "Send As" grants: address → accounts that may send with it as From. */
export const SEND_AS = {
  [OAUTH_ACCOUNTS.sharedMailbox]: [OAUTH_ACCOUNTS.delegate],
};

/** A mailbox with a password login, UTF-8 included (the mail stack's default account). */
export const PASSWORD_ACCOUNT = { email: 'kunde@andere-firma.example', password: 'Grüße§€-Test1' };

export const BAU_FIRMA_TID = '3c5f8e2a-7b14-4d6e-9a21-0f8b6c4d2e91';

import type { Logger } from 'pino';
import type { MailStackControls } from './controls.ts';
import type { FullAccessGrants } from './dovecot/full-access.ts';
import type { MailSink } from './sink.ts';

/** Ports of the mail stack. `0` in options means "pick a free port". */
export interface MailStackPorts {
  /** Dovecot POP3 with STLS (plain connect, then upgrade). */
  pop3: number;
  /** Dovecot POP3 with implicit TLS. */
  pop3s: number;
  /** SMTP submission with STARTTLS; AUTH only after the upgrade. */
  submission: number;
  /** SMTP submission with implicit TLS. */
  smtps: number;
  /** HTTP control endpoint for tests running in another process (switches, sink, seeding). */
  control: number;
}

/** A mailbox that logs in with a password (PLAIN, LOGIN, USER/PASS) instead of XOAUTH2. */
export interface PasswordUser {
  email: string;
  password: string;
}

export interface MailStackOptions {
  /** Directory for config, TLS files, Dovecot state, logs and Maildirs. Created if missing. */
  runtimeDir: string;
  /** Base URL of the identity stand-in; tokens are checked at `${identityUrl}/_stub/introspect`. */
  identityUrl: string;
  ports?: Partial<MailStackPorts>;
  /** Mailboxes that log in with XOAUTH2. Replaces the default bau-firma.de users when given. */
  users?: string[];
  /** Mailboxes that log in with a password. Replaces the default password account when given. */
  passwordUsers?: PasswordUser[];
  /** Send-as grants: address → mailboxes that may send as it. Merged over the default grant. */
  sendAs?: Record<string, string[]>;
  /**
   * Full Access grants for POP3: mailbox → accounts whose tokens may open it. Merged over the
   * default grant (admin@ → info@bau-firma.de); a mailbox given here replaces its default list.
   * `reset()` and `POST /_control/reset` return to these.
   */
  fullAccess?: Record<string, string[]>;
  /**
   * Scope a token's introspected `scope` field must list for POP3, compared as an exact word by
   * Dovecot. Default `POP.AccessAsUser.All` (the identity stand-in repeats `scp` there); `null`
   * turns the check off.
   */
  pop3Scope?: string | null;
  /**
   * Scope a token must list for SMTP, bare or as `https://outlook.office.com/SMTP.Send`.
   * Default `SMTP.Send`; `null` turns the check off.
   */
  smtpScope?: string | null;
  /** How many accepted messages the sink keeps in memory (oldest are dropped). Default 10 000. */
  sinkLimit?: number;
  logger?: Logger;
}

/** A file in a user's Maildir, as Dovecot sees it. */
export interface MaildirEntry {
  folder: 'new' | 'cur';
  name: string;
  path: string;
  bytes: Buffer;
}

export interface MailStackHandle {
  host: '127.0.0.1';
  ports: MailStackPorts;
  /** PEM file of the stack's own CA; pass it as `ca` or via NODE_EXTRA_CA_CERTS. */
  caCertPath: string;
  runtimeDir: string;
  /** Dovecot's log (auth_verbose): the reason behind every `-ERR [AUTH]` is written here. */
  dovecotLogPath: string;
  controls: MailStackControls;
  /** POP3 Full Access grants; changes take effect at the next login. */
  fullAccess: FullAccessGrants;
  sink: MailSink;
  /** Writes `raw` unchanged into the user's Maildir `new/`, as if delivered by SMTP. */
  deliverToMaildir(email: string, raw: Buffer | string): Promise<MaildirEntry>;
  /** Lists the messages in the user's Maildir (`new/` and `cur/`), oldest first. */
  listMaildir(email: string): Promise<MaildirEntry[]>;
  /** Stops SMTP, the control server and Dovecot; resolves once Dovecot has exited. */
  close(): Promise<void>;
}

import type { MailSecurity } from '../shared/mail-security.ts';

/** What the caller knows about the failed operation; sharpens the diagnosis. */
export interface ClassifyContext {
  protocol: 'SMTP' | 'POP3';
  /** The step that failed, when the caller knows it. */
  stage?: 'connect' | 'tls' | 'greeting' | 'auth' | 'send' | 'fetch';
  /** Configured transport security; helps to tell a wrong TLS mode from an overload. */
  security?: MailSecurity;
  port?: number;
  /** Configured authentication; picks the fitting advice for rejected logins. */
  authType?: 'none' | 'password' | 'oauth2';
  /** A test the admin started by hand: nothing retries it, so the advice says to run it again. */
  manualTest?: boolean;
  /**
   * With OAuth2: the mailbox the login asked for (XOAUTH2 `user=`) and the Microsoft account
   * whose token was sent. When they differ, a refused login is a missing Full Access right.
   */
  mailbox?: string;
  signedInAccount?: string;
}

import { createRequire } from 'node:module';

/** The slice of nodemailer the tests use; its own types live in packages/mailcore. */
export interface SmtpTransport {
  sendMail(message: {
    envelope: { from: string; to: string[] };
    raw: Buffer | string;
  }): Promise<{ response: string; accepted: string[] }>;
  close(): void;
}

export interface TransportOptions {
  host: string;
  port: number;
  secure: boolean;
  requireTLS?: boolean;
  ignoreTLS?: boolean;
  tls?: { ca?: Buffer; servername?: string };
  auth?:
    | { type: 'OAuth2'; user: string; accessToken: string }
    | { type?: 'login'; user: string; pass: string };
  authMethod?: string;
}

/** What nodemailer puts on a rejected send (code EAUTH, EMESSAGE, EENVELOPE ...). */
export interface SmtpSendError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

type Nodemailer = { createTransport(options: TransportOptions): SmtpTransport };

/**
 * nodemailer is a dependency of packages/mailcore, not of this package, and adding it here
 * would change the lockfile. Take it from this package if it ever gets it, else from mailcore.
 */
export function loadNodemailer(): Nodemailer {
  const candidates = [
    new URL('../../package.json', import.meta.url),
    new URL('../../../../../packages/mailcore/package.json', import.meta.url),
  ];
  for (const candidate of candidates) {
    try {
      return createRequire(candidate)('nodemailer') as Nodemailer;
    } catch {
      // try the next place
    }
  }
  throw new Error('nodemailer not found; run pnpm install (packages/mailcore depends on it)');
}

import type { SMTPPoolOptions } from 'nodemailer';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { SessionLineHook } from '../session-log/redact-protocol-line.ts';
import { mailSecuritySchema, type TlsPassthroughOptions } from '../shared/mail-security.ts';
import { createSmtpLogAdapter } from './smtp-session-log.ts';
import { createXoauth2Handler } from './smtp-xoauth2.ts';

const positiveMs = z.number().int().positive();

/** How the transport authenticates: not at all, with a password, or with SASL XOAUTH2. */
export const smtpAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('password'), user: z.string().min(1), pass: z.string() }),
  z.object({
    type: z.literal('oauth2'),
    user: z.string().min(1),
    accessToken: z.string().min(1),
    /** `initial-response` (default): token on the AUTH line; `two-step`: after `334`. */
    mode: z.enum(['initial-response', 'two-step']).default('initial-response'),
  }),
]);

/** See {@link smtpAuthSchema}. */
export type SmtpAuth = z.input<typeof smtpAuthSchema>;

/** The serialisable part of the SMTP transport options, validated on creation. */
export const smtpSettingsSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
  security: mailSecuritySchema,
  auth: smtpAuthSchema,
  /** Name sent with EHLO; nodemailer's default is the machine's host name. */
  clientName: z.string().min(1).optional(),
  timeouts: z
    .object({
      connectionMs: positiveMs.default(30_000),
      greetingMs: positiveMs.default(30_000),
      /** Inactivity on an open connection. */
      socketMs: positiveMs.default(120_000),
    })
    .prefault({}),
  pool: z
    .object({
      maxConnections: z.number().int().positive().default(2),
      maxMessages: z.number().int().positive().default(100),
      idleTimeoutMs: z.number().int().nonnegative().default(60_000),
    })
    .prefault({}),
});

/** Validated SMTP settings with defaults applied. */
export type SmtpSettings = z.output<typeof smtpSettingsSchema>;

/** Options for {@link createSmtpTransport} and {@link SmtpTransportPool.get}. */
export type SmtpTransportOptions = z.input<typeof smtpSettingsSchema> & {
  /** TLS settings (ca, servername, rejectUnauthorized, ...); verification is on by default. */
  tls?: TlsPassthroughOptions;
  /** Receives the session transcript, redacted; message data is reported as a byte count. */
  onLine?: SessionLineHook;
  /** nodemailer's own warnings and redacted transcripts (debug) go here. */
  logger?: Logger;
};

/**
 * Maps our options to nodemailer's pooled SMTP transport. `STARTTLS` sets `requireTLS`, so
 * nodemailer sends STARTTLS even when the server does not advertise it and fails instead of
 * continuing in clear; it logs in only after the upgrade, although servers such as
 * smtp-server advertise AUTH before STARTTLS.
 */
export function toNodemailerOptions(
  settings: SmtpSettings,
  options: SmtpTransportOptions,
): SMTPPoolOptions & { pool: true } {
  const { security, timeouts, pool } = settings;
  const tls = { ...options.tls, rejectUnauthorized: options.tls?.rejectUnauthorized ?? true };
  const transcript = options.onLine !== undefined || options.logger !== undefined;

  return {
    pool: true,
    host: settings.host,
    port: settings.port,
    name: settings.clientName,
    secure: security === 'TLS',
    requireTLS: security === 'STARTTLS',
    // Known limit: `NONE` never upgrades, even when the server offers STARTTLS; it is meant
    // for internal relays, and credentials then travel in clear.
    ignoreTLS: security === 'NONE',
    servername: options.tls?.servername,
    tls,
    auth: toNodemailerAuth(settings.auth),
    customAuth:
      settings.auth.type === 'oauth2'
        ? { XOAUTH2: createXoauth2Handler(settings.auth) }
        : undefined,
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    maxConnections: pool.maxConnections,
    maxMessages: pool.maxMessages,
    idleTimeout: pool.idleTimeoutMs,
    logger: transcript ? createSmtpLogAdapter(options.onLine, options.logger) : false,
    // Commands and replies only; `debug` would also pass the message data to the logger.
    transactionLog: transcript,
    debug: false,
  };
}

function toNodemailerAuth(auth: SmtpSettings['auth']): SMTPPoolOptions['auth'] {
  if (auth.type === 'password') {
    return { user: auth.user, pass: auth.pass };
  }
  if (auth.type === 'oauth2') {
    // Type OAuth2 makes nodemailer pick XOAUTH2; createXoauth2Handler then runs it.
    return { type: 'OAuth2', user: auth.user, accessToken: auth.accessToken };
  }
  return undefined;
}

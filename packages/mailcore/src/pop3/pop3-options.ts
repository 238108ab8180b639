import type { Logger } from 'pino';
import { z } from 'zod';
import type { SessionLineHook } from '../session-log/redact-protocol-line.ts';
import { mailSecuritySchema, type TlsPassthroughOptions } from '../shared/mail-security.ts';

const positiveMs = z.number().int().positive();

/** The serialisable part of the POP3 client options, validated when the client is created. */
export const pop3SettingsSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
  security: mailSecuritySchema,
  timeouts: z
    .object({
      /** TCP connect plus, for `TLS`, the handshake. */
      connectMs: positiveMs.default(30_000),
      /** From connected to the `+OK` greeting. */
      greetingMs: positiveMs.default(30_000),
      /** From sending a command to its status line; also bounds the STLS handshake. */
      commandMs: positiveMs.default(60_000),
      /** Longest silence while a multi-line response (RETR, LIST, ...) is arriving. */
      dataIdleMs: positiveMs.default(60_000),
    })
    .prefault({}),
  limits: z
    .object({
      // RFC 2449 §4 caps response lines at 512 octets; we tolerate servers 16 times over that.
      maxLineBytes: z.number().int().min(512).default(8_192),
      /** Largest message RETR or TOP accepts; larger ones fail with POP3_MESSAGE_TOO_LARGE. */
      maxMessageBytes: z
        .number()
        .int()
        .positive()
        .default(64 * 1024 * 1024),
    })
    .prefault({}),
});

/** Validated POP3 settings with defaults applied. */
export type Pop3Settings = z.output<typeof pop3SettingsSchema>;

/** Options for {@link Pop3Client}. */
export type Pop3ClientOptions = z.input<typeof pop3SettingsSchema> & {
  /** TLS settings for `TLS` and `STARTTLS` (ca, servername, rejectUnauthorized, ...). */
  tls?: TlsPassthroughOptions;
  /** Receives every protocol line, redacted; message bodies are reported as `<N bytes>` only. */
  onLine?: SessionLineHook;
  /** Lifecycle events go here at debug level; never protocol payloads. */
  logger?: Logger;
};

/** How to authenticate a POP3 session. */
export type Pop3Auth =
  | {
      type: 'password';
      user: string;
      /** Sent as UTF-8 after `PASS`. */
      pass: string;
    }
  | {
      type: 'oauth2';
      user: string;
      accessToken: string;
      /**
       * `two-step` (default, what Microsoft requires): `AUTH XOAUTH2`, wait for `+`, then send
       * the token on its own line. `initial-response`: the token on the AUTH line itself.
       */
      mode?: 'two-step' | 'initial-response';
    };

import nodemailer, {
  type SMTPPoolOptions,
  type SMTPPoolSentMessageInfo,
  type Transporter,
} from 'nodemailer';
import { z } from 'zod';
import { findHeader, readHeaderBlock } from '../mime/header-block.ts';
import {
  type SmtpTransportOptions,
  smtpSettingsSchema,
  toNodemailerOptions,
} from './smtp-options.ts';

/** A pooled nodemailer transport for one server and account. */
export type SmtpTransport = Transporter<SMTPPoolSentMessageInfo, SMTPPoolOptions>;

/**
 * Creates a pooled SMTP transport. Prefer {@link SmtpTransportPool.get}, which reuses one
 * transport per server and account.
 *
 * @throws ZodError when the options are invalid.
 */
export function createSmtpTransport(options: SmtpTransportOptions): SmtpTransport {
  const settings = smtpSettingsSchema.parse(options);
  return nodemailer.createTransport(toNodemailerOptions(settings, options));
}

const rawMessageSchema = z.object({
  envelope: z.object({
    from: z.string().min(3),
    to: z.array(z.string().min(3)).min(1),
  }),
  raw: z.instanceof(Buffer).refine((raw) => raw.length > 0, 'raw message is empty'),
});

/** A finished message and the SMTP envelope to send it with. */
export type RawMessage = z.infer<typeof rawMessageSchema>;

/** What the server said about a sent message. */
export interface SendResult {
  /** Message-ID header of the raw message, when it has one. */
  messageId?: string;
  /**
   * Message-ID the server assigned when it replaces the header (Microsoft 365, Amazon SES);
   * the delivered copy carries this one.
   */
  serverMessageId?: string;
  /** The server's final reply to DATA, e.g. `250 2.0.0 OK <id>`. */
  response: string;
  accepted: string[];
  rejected: string[];
}

/**
 * Sends finished message bytes unchanged with an explicit envelope (MAIL FROM / RCPT TO).
 * Rejects with nodemailer's error (`code`, `responseCode`, `command`, `response`); pass it
 * to `classifyMailError` for a code and German texts.
 */
export async function sendRawMessage(
  transport: SmtpTransport,
  message: RawMessage,
): Promise<SendResult> {
  const { envelope, raw } = rawMessageSchema.parse(message);
  const info = await transport.sendMail({ envelope, raw });

  return {
    // nodemailer reports an id of its own for raw messages; the header is the truth.
    messageId: readMessageId(raw),
    serverMessageId: info.serverMessageId,
    response: info.response,
    accepted: info.accepted.map(toAddress),
    rejected: info.rejected.map(toAddress),
  };
}

function readMessageId(raw: Buffer): string | undefined {
  const value = findHeader(readHeaderBlock(raw), 'Message-ID');
  return value?.toString('latin1').trim() || undefined;
}

function toAddress(value: string | { address?: string }): string {
  return typeof value === 'string' ? value : (value.address ?? '');
}

import MailComposer from 'nodemailer/lib/mail-composer';
import { z } from 'zod';

const addressSchema = z.union([
  z.string().min(3),
  z.object({ name: z.string(), address: z.string().min(3) }),
]);

/** An attachment given as bytes; paths and URLs are not accepted (no file or URL access). */
export const messageAttachmentSchema = z.object({
  filename: z.string().min(1),
  content: z.union([z.instanceof(Buffer), z.string()]),
  contentType: z.string().optional(),
  /** Content-ID for an inline image referenced as `cid:` from the HTML. */
  cid: z.string().optional(),
});

/** A structured message submission. */
export const messageInputSchema = z.object({
  from: addressSchema,
  to: z.array(addressSchema).min(1),
  cc: z.array(addressSchema).optional(),
  bcc: z.array(addressSchema).optional(),
  replyTo: addressSchema.optional(),
  subject: z.string(),
  text: z.string().optional(),
  html: z.string().optional(),
  attachments: z.array(messageAttachmentSchema).optional(),
  messageId: z.string().optional(),
  date: z.date().optional(),
  inReplyTo: z.string().optional(),
  references: z.array(z.string()).optional(),
  /** Envelope sender (MAIL FROM), when it differs from the From address. */
  envelopeFrom: z.string().min(3).optional(),
});

/** See {@link messageInputSchema}. */
export type MessageInput = z.input<typeof messageInputSchema>;
/** An address as a string or as name and address; names are RFC 2047-encoded as needed. */
export type MessageAddress = z.infer<typeof addressSchema>;
/** See {@link messageAttachmentSchema}. */
export type MessageAttachment = z.infer<typeof messageAttachmentSchema>;

/** Finished RFC 5322 bytes with the envelope to send them with. */
export interface BuiltMessage {
  raw: Buffer;
  /** MAIL FROM and RCPT TO addresses; Bcc recipients are here and not in the header. */
  envelope: { from: string; to: string[] };
  /** Message-ID header value, angle brackets included. */
  messageId: string;
}

/**
 * Builds a message with nodemailer's MailComposer: MIME structure, RFC 2047 encoded words
 * for non-ASCII names and subjects, Message-ID and Date. Bcc is left out of the header.
 *
 * @throws ZodError when the input is invalid.
 */
export async function buildMessage(input: MessageInput): Promise<BuiltMessage> {
  const message = messageInputSchema.parse(input);
  const { envelopeFrom, ...fields } = message;

  const composer = new MailComposer({
    ...fields,
    attachments: fields.attachments?.map((attachment) => ({ ...attachment })),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const node = composer.compile();
  const envelope = node.getEnvelope();
  const raw = await node.build();

  return {
    raw,
    envelope: {
      from: envelopeFrom ?? (envelope.from || ''),
      to: envelope.to,
    },
    messageId: node.messageId(),
  };
}

import { z } from 'zod';
import {
  type BuiltMessage,
  buildMessage,
  type MessageAddress,
  messageAttachmentSchema,
} from './build-message.ts';

/** Input for a message sent through the vendor's relay on behalf of a mailbox. */
export const relayMessageInputSchema = z.object({
  /** The mailbox's address on the relay domain: the envelope sender. */
  relayAddress: z.string().min(3),
  /** The mailbox's own address: From and Reply-To. */
  externalAddress: z.string().min(3),
  /** Display name for From, e.g. `Müller, Jürgen`. */
  displayName: z.string(),
  to: z.array(z.string().min(3)).min(1),
  cc: z.array(z.string().min(3)).optional(),
  bcc: z.array(z.string().min(3)).optional(),
  subject: z.string(),
  text: z.string(),
  html: z.string().optional(),
  attachments: z.array(messageAttachmentSchema).optional(),
});

/** See {@link relayMessageInputSchema}. */
export type RelayMessageInput = z.input<typeof relayMessageInputSchema>;

/**
 * Builds a message for relay mode: the envelope sender (MAIL FROM, where bounces go) is the
 * relay address, while the recipient sees the mailbox's external address in From, with its
 * display name RFC 2047-encoded where needed, and replies go to it through Reply-To.
 *
 * @throws ZodError when the input is invalid.
 */
export async function buildRelayMessage(input: RelayMessageInput): Promise<BuiltMessage> {
  const relay = relayMessageInputSchema.parse(input);
  const from: MessageAddress = { name: relay.displayName, address: relay.externalAddress };

  return buildMessage({
    from,
    replyTo: from,
    to: relay.to,
    cc: relay.cc,
    bcc: relay.bcc,
    subject: relay.subject,
    text: relay.text,
    html: relay.html,
    attachments: relay.attachments,
    envelopeFrom: relay.relayAddress,
  });
}

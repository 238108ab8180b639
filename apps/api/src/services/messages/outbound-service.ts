import { createHash } from 'node:crypto';
import { SEND_JOB_OPTIONS, sendJobId } from '@postwerk/contracts';
import type { OutboundMessage, PrismaClient } from '@postwerk/db';
import { type BuiltMessage, buildMessage, buildRelayMessage } from '@postwerk/mailcore';
import { AppError } from '../../errors.ts';
import type { Queues } from '../../plugins/queues.ts';
import { isUniqueViolation } from '../prisma-errors.ts';
import { sendRouteOf } from './mail-route.ts';

export type StructuredMessage = {
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: Array<{ filename: string; contentType?: string; contentBase64: string }>;
};

export type RawSubmission = { raw: Buffer; recipients: string[] };

export type Submission =
  | { kind: 'structured'; message: StructuredMessage }
  | { kind: 'raw'; message: RawSubmission };

/**
 * Accepts outgoing mail for a mailbox: builds the MIME bytes, stores them, and queues one
 * send job whose id is derived from the message id. Once this returns, the message is in
 * PostgreSQL and will be sent or reported failed.
 */
export class OutboundService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly queues: Queues,
  ) {}

  async submit(
    tenantId: string,
    mailboxId: string,
    submission: Submission,
    idempotencyKey?: string,
  ): Promise<{ message: OutboundMessage; duplicate: boolean }> {
    const payloadHash = hashSubmission(submission);
    if (idempotencyKey) {
      const existing = await this.findByKey(mailboxId, idempotencyKey, payloadHash);
      if (existing) {
        // A retried submission queues its message again while it is QUEUED: the first try may
        // have stored the row and failed before queueing it (database or Redis gone at that
        // moment). A job that exists is left as it is (same job id).
        if (existing.status === 'QUEUED') {
          await this.enqueue(existing);
        }
        return { message: existing, duplicate: true };
      }
    }
    const mailbox = await this.prisma.mailbox.findFirst({ where: { id: mailboxId, tenantId } });
    if (!mailbox) {
      throw new AppError('MAILBOX_NOT_FOUND', 'Postfach nicht gefunden.');
    }
    const settings = await this.prisma.tenantSettings.findUniqueOrThrow({ where: { tenantId } });
    const route = sendRouteOf(settings, mailbox);
    const built = await build(submission, mailbox, route);

    let message: OutboundMessage;
    try {
      message = await this.prisma.outboundMessage.create({
        data: {
          tenantId,
          mailboxId,
          idempotencyKey: idempotencyKey ?? null,
          payloadHash,
          envelopeFrom: built.envelope.from,
          recipients: built.envelope.to,
          raw: new Uint8Array(built.raw),
        },
      });
    } catch (error) {
      // Two submissions with one key at the same moment: the loser returns the winner's row.
      if (idempotencyKey && isUniqueViolation(error)) {
        const winner = await this.findByKey(mailboxId, idempotencyKey, payloadHash);
        if (winner) {
          return { message: winner, duplicate: true };
        }
      }
      throw error;
    }
    await this.enqueue(message);
    return { message, duplicate: false };
  }

  async get(tenantId: string, id: string): Promise<OutboundMessage> {
    const message = await this.prisma.outboundMessage.findFirst({ where: { id, tenantId } });
    if (!message) {
      throw new AppError('MESSAGE_NOT_FOUND', 'Nachricht nicht gefunden.');
    }
    return message;
  }

  /** Adds the send job; BullMQ ignores a second add with the same job id. */
  async enqueue(message: OutboundMessage): Promise<void> {
    await this.queues.sendMail.add(
      'send',
      { tenantId: message.tenantId, outboundMessageId: message.id },
      { ...SEND_JOB_OPTIONS, jobId: sendJobId(message.id) },
    );
  }

  private async findByKey(mailboxId: string, key: string, payloadHash: string) {
    const existing = await this.prisma.outboundMessage.findUnique({
      where: { mailboxId_idempotencyKey: { mailboxId, idempotencyKey: key } },
    });
    if (existing && existing.payloadHash !== payloadHash) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        'Dieser Idempotency-Key gehört bereits zu einer anderen Nachricht.',
      );
    }
    return existing;
  }
}

async function build(
  submission: Submission,
  mailbox: { displayName: string; externalAddress: string; relayAddress: string },
  route: 'RELAY' | 'EXTERNAL',
): Promise<BuiltMessage> {
  if (submission.kind === 'raw') {
    const from = route === 'RELAY' ? mailbox.relayAddress : mailbox.externalAddress;
    return {
      raw: submission.message.raw,
      envelope: { from, to: submission.message.recipients },
      messageId: '',
    };
  }
  const message = submission.message;
  const attachments = message.attachments?.map((attachment) => ({
    filename: attachment.filename,
    contentType: attachment.contentType,
    content: Buffer.from(attachment.contentBase64, 'base64'),
  }));
  try {
    if (route === 'RELAY') {
      return await buildRelayMessage({ ...mailbox, ...message, attachments });
    }
    const from = { name: mailbox.displayName, address: mailbox.externalAddress };
    return await buildMessage({ ...message, from, attachments });
  } catch (cause) {
    throw new AppError('MESSAGE_INVALID', 'Die Nachricht ist unvollständig oder ungültig.', {
      cause,
    });
  }
}

function hashSubmission(submission: Submission): string {
  const hash = createHash('sha256');
  if (submission.kind === 'raw') {
    hash.update(submission.message.raw).update(JSON.stringify(submission.message.recipients));
  } else {
    hash.update(JSON.stringify(submission.message));
  }
  return hash.digest('hex');
}

import { createHash } from 'node:crypto';
import { SEND_JOB_OPTIONS, sendJobId } from '@postwerk/contracts';
import { type OutboundMessage, type Prisma, type PrismaClient, withTenant } from '@postwerk/db';
import { type BuiltMessage, buildMessage, buildRelayMessage } from '@postwerk/mailcore';
import { AppError, fieldError } from '../../errors.ts';
import type { Queues } from '../../plugins/queues.ts';
import { isUniqueViolation } from '../prisma-errors.ts';
import { type AcceptContext, acceptContextQuery } from './accept-context.ts';
import { sendRouteOf, serverForCompany } from './mail-route.ts';

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

/** `companyId`: the company the message is sent for (see serverForCompany). */
export type Submission = (
  | { kind: 'structured'; message: StructuredMessage }
  | { kind: 'raw'; message: RawSubmission }
) & { companyId?: string };

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
    const accept: Acceptance = { tenantId, mailboxId, submission, idempotencyKey, payloadHash };
    let accepted: { message: OutboundMessage; duplicate: boolean };
    try {
      // The lookups and the insert share one transaction pinned to the tenant: one BEGIN,
      // one pinning and one COMMIT instead of one each per statement.
      accepted = await withTenant(this.prisma, tenantId, (tx) => this.store(tx, accept));
    } catch (error) {
      // Two submissions with one key at the same moment: the loser's transaction is aborted
      // by the unique index, so it reads the winner's row in a transaction of its own.
      if (idempotencyKey && isUniqueViolation(error)) {
        const winner = await withTenant(this.prisma, tenantId, (tx) =>
          this.findByKey(tx, mailboxId, idempotencyKey, payloadHash),
        );
        if (winner) {
          return { message: winner, duplicate: true };
        }
      }
      throw error;
    }
    // A retried submission queues its message again while it is QUEUED: the first try may have
    // stored the row and failed before queueing it (database or Redis gone at that moment).
    // A job that exists is left as it is (same job id).
    if (!accepted.duplicate || accepted.message.status === 'QUEUED') {
      await this.enqueue(accepted.message);
    }
    return accepted;
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

  /** Inside the submission's transaction: the key's message, or the new row. */
  private async store(tx: Prisma.TransactionClient, accept: Acceptance) {
    const { tenantId, mailboxId, idempotencyKey, payloadHash } = accept;
    const companyId = accept.submission.companyId ?? null;
    const query = acceptContextQuery({
      tenantId,
      mailboxId,
      key: idempotencyKey ?? null,
      companyId,
    });
    const [context] = await tx.$queryRaw<AcceptContext[]>(query);
    if (!context) {
      throw new AppError('MAILBOX_NOT_FOUND', 'Postfach nicht gefunden.');
    }
    // Another tenant's company is invisible here (the query filters by tenant, and row-level
    // security hides it too), so it is refused like one that does not exist.
    if (companyId && !context.companyFound) {
      throw fieldError('VALIDATION_FAILED', {
        path: 'companyId',
        code: 'COMPANY_NOT_FOUND',
        message: 'Firma nicht gefunden.',
      });
    }
    if (context.existingId) {
      assertSamePayload(context.existingPayloadHash, payloadHash);
      const existing = await tx.outboundMessage.findUniqueOrThrow({
        where: { id: context.existingId },
      });
      return { message: existing, duplicate: true };
    }
    // Known limit: a structured message is built while the transaction is open, so a large
    // attachment holds its pooled connection for the time it takes to encode.
    const outgoingServerId = serverForCompany(context);
    const route = sendRouteOf({ sendRoute: context.sendRoute ?? 'RELAY' }, { outgoingServerId });
    const built = await build(accept.submission, context, route);
    const message = await tx.outboundMessage.create({
      data: {
        tenantId,
        mailboxId,
        idempotencyKey: idempotencyKey ?? null,
        payloadHash,
        companyId,
        envelopeFrom: built.envelope.from,
        recipients: built.envelope.to,
        raw: new Uint8Array(built.raw),
      },
    });
    return { message, duplicate: false };
  }

  private async findByKey(
    client: Prisma.TransactionClient,
    mailboxId: string,
    key: string,
    payloadHash: string,
  ) {
    const existing = await client.outboundMessage.findUnique({
      where: { mailboxId_idempotencyKey: { mailboxId, idempotencyKey: key } },
    });
    if (existing) {
      assertSamePayload(existing.payloadHash, payloadHash);
    }
    return existing;
  }
}

type Acceptance = {
  tenantId: string;
  mailboxId: string;
  submission: Submission;
  idempotencyKey: string | undefined;
  payloadHash: string;
};

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

function assertSamePayload(storedHash: string | null, payloadHash: string): void {
  if (storedHash !== payloadHash) {
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'Dieser Idempotency-Key gehört bereits zu einer anderen Nachricht.',
    );
  }
}

function hashSubmission(submission: Submission): string {
  const hash = createHash('sha256');
  if (submission.kind === 'raw') {
    hash.update(submission.message.raw).update(JSON.stringify(submission.message.recipients));
  } else {
    hash.update(JSON.stringify(submission.message));
  }
  // Only when given, so the hash of a submission without a company stays what it always was.
  if (submission.companyId) {
    hash.update(`company:${submission.companyId}`);
  }
  return hash.digest('hex');
}

import type { PrismaClient } from '@postwerk/db';
import { parseInboxHeaders } from '@postwerk/mailcore';
import { AppError } from '../../errors.ts';

const LIST_COLUMNS = {
  id: true,
  mailboxId: true,
  size: true,
  messageId: true,
  subject: true,
  fromAddress: true,
  fromName: true,
  sentDate: true,
  receivedAt: true,
} as const;

/** Received messages of a mailbox: a list from stored header fields, a view parsed on read. */
export class InboxService {
  constructor(private readonly prisma: PrismaClient) {}

  async list(tenantId: string, mailboxId: string, limit: number, before?: Date) {
    await this.assertMailbox(tenantId, mailboxId);
    return this.prisma.receivedMessage.findMany({
      where: { tenantId, mailboxId, ...(before ? { receivedAt: { lt: before } } : {}) },
      select: LIST_COLUMNS,
      orderBy: { receivedAt: 'desc' },
      take: limit,
    });
  }

  /** One message with its decoded headers and text body; the raw bytes stay untouched. */
  async read(tenantId: string, mailboxId: string, id: string) {
    const row = await this.prisma.receivedMessage.findFirst({
      where: { id, tenantId, mailboxId },
    });
    if (!row) {
      throw new AppError('MESSAGE_NOT_FOUND', 'Nachricht nicht gefunden.');
    }
    const parsed = await parseInboxHeaders(Buffer.from(row.raw));
    return {
      id: row.id,
      mailboxId: row.mailboxId,
      size: row.size,
      messageId: row.messageId,
      subject: row.subject,
      fromAddress: row.fromAddress,
      fromName: row.fromName,
      sentDate: row.sentDate,
      receivedAt: row.receivedAt,
      headers: parsed.headers.map((header) => ({ key: header.key, value: header.value })),
      text: parsed.text ?? null,
      attachments: parsed.attachments.map((a) => ({
        filename: a.filename ?? null,
        contentType: a.contentType,
        size: a.size,
      })),
    };
  }

  /** The exact bytes as fetched, for download. */
  async raw(tenantId: string, mailboxId: string, id: string): Promise<Buffer> {
    const row = await this.prisma.receivedMessage.findFirst({
      where: { id, tenantId, mailboxId },
      select: { raw: true },
    });
    if (!row) {
      throw new AppError('MESSAGE_NOT_FOUND', 'Nachricht nicht gefunden.');
    }
    return Buffer.from(row.raw);
  }

  private async assertMailbox(tenantId: string, mailboxId: string): Promise<void> {
    if (!(await this.prisma.mailbox.count({ where: { id: mailboxId, tenantId } }))) {
      throw new AppError('MAILBOX_NOT_FOUND', 'Postfach nicht gefunden.');
    }
  }
}

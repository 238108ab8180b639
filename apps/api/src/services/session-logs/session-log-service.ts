import type { MailProtocol, PrismaClient } from '@postwerk/db';
import { AppError } from '../../errors.ts';

export type SessionLogFilter = {
  mailboxId?: string;
  protocol?: MailProtocol;
  limit: number;
};

/** Protocol logs recorded by the workers while the tenant has logging switched on. */
export class SessionLogService {
  constructor(private readonly prisma: PrismaClient) {}

  async list(tenantId: string, filter: SessionLogFilter) {
    // A filter naming a mailbox the tenant does not have is refused, not answered empty.
    if (filter.mailboxId) {
      const found = await this.prisma.mailbox.count({ where: { id: filter.mailboxId, tenantId } });
      if (!found) {
        throw new AppError('MAILBOX_NOT_FOUND', 'Postfach nicht gefunden.');
      }
    }
    return this.prisma.sessionLog.findMany({
      where: {
        tenantId,
        ...(filter.mailboxId ? { mailboxId: filter.mailboxId } : {}),
        ...(filter.protocol ? { protocol: filter.protocol } : {}),
      },
      include: { _count: { select: { lines: true } } },
      orderBy: { startedAt: 'desc' },
      take: filter.limit,
    });
  }

  async read(tenantId: string, id: string) {
    const log = await this.prisma.sessionLog.findFirst({
      where: { id, tenantId },
      include: { lines: { orderBy: { id: 'asc' } } },
    });
    if (!log) {
      throw new AppError('SESSION_LOG_NOT_FOUND', 'Protokoll nicht gefunden.');
    }
    return log;
  }

  /** Plain text, one line per protocol line: `time  C: text` (C client, S server, *: note). */
  async renderText(tenantId: string, id: string): Promise<string> {
    const log = await this.read(tenantId, id);
    const marks = { CLIENT: 'C:', SERVER: 'S:', INFO: '*' } as const;
    const header = `# ${log.protocol} ${log.host} ${log.startedAt.toISOString()}\n`;
    const lines = log.lines.map(
      (line) => `${line.at.toISOString()}  ${marks[line.direction]} ${line.text}`,
    );
    return `${header}${lines.join('\n')}\n`;
  }
}

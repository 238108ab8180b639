import { settingsTestJobId } from '@postwerk/contracts';
import type { PrismaClient, SettingsTestKind } from '@postwerk/db';
import { AppError, fieldError } from '../../errors.ts';
import type { Queues } from '../../plugins/queues.ts';

/**
 * [Einstellungen testen]: a run row the portal polls, and a job the worker executes step by
 * step (it appends each step to the row as it finishes).
 */
export class SettingsTestService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly queues: Queues,
  ) {}

  /**
   * With `companyId`, the run tests the servers a message for that company would use: the
   * mailbox's choice for it while "Verschiedene Server je Firma" is on, its own otherwise.
   */
  async start(tenantId: string, mailboxId: string, kind: SettingsTestKind, companyId?: string) {
    const mailbox = await this.prisma.mailbox.findFirst({ where: { id: mailboxId, tenantId } });
    if (!mailbox) {
      throw new AppError('MAILBOX_NOT_FOUND', 'Postfach nicht gefunden.');
    }
    const servers = await this.serversFor(tenantId, mailbox, companyId);
    const missing = kind === 'INCOMING' ? !servers.incoming : !servers.outgoing;
    if (missing || (kind === 'FULL_LOOP' && !servers.incoming)) {
      throw new AppError(
        'MAILBOX_NOT_READY',
        kind === 'INCOMING'
          ? 'Wählen Sie zuerst einen Posteingangsserver aus und speichern Sie.'
          : 'Für den Test braucht das Postfach einen Postausgangs- und einen Posteingangsserver.',
        { details: { kind } },
      );
    }
    const run = await this.prisma.settingsTestRun.create({
      data: { tenantId, mailboxId, kind, companyId: companyId ?? null },
    });
    await this.queues.settingsTest.add(
      kind,
      { tenantId, testRunId: run.id },
      { jobId: settingsTestJobId(run.id), attempts: 1, removeOnComplete: { age: 86_400 } },
    );
    return run;
  }

  async get(tenantId: string, id: string) {
    const run = await this.prisma.settingsTestRun.findFirst({ where: { id, tenantId } });
    if (!run) {
      throw new AppError('TEST_NOT_FOUND', 'Test nicht gefunden.');
    }
    return run;
  }

  /** The server ids the worker will use (its endpoints.ts makes the same choice). */
  private async serversFor(
    tenantId: string,
    mailbox: { id: string; outgoingServerId: string | null; incomingServerId: string | null },
    companyId: string | undefined,
  ) {
    const own = { outgoing: mailbox.outgoingServerId, incoming: mailbox.incomingServerId };
    if (!companyId) {
      return own;
    }
    // Checked here, not by the foreign key alone: PostgreSQL checks foreign keys without
    // row-level security, so another tenant's company would be stored as a reference.
    const company = await this.prisma.company.count({ where: { id: companyId, tenantId } });
    if (!company) {
      throw fieldError('VALIDATION_FAILED', {
        path: 'companyId',
        code: 'COMPANY_NOT_FOUND',
        message: 'Firma nicht gefunden.',
      });
    }
    const [settings, choice] = await Promise.all([
      this.prisma.tenantSettings.findUnique({ where: { tenantId } }),
      this.prisma.mailboxCompanyServer.findFirst({
        where: { tenantId, mailboxId: mailbox.id, companyId },
      }),
    ]);
    if (!settings?.serversPerCompany) {
      return own;
    }
    return {
      outgoing: choice?.outgoingServerId ?? own.outgoing,
      incoming: choice?.incomingServerId ?? own.incoming,
    };
  }
}

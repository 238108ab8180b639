import { settingsTestJobId } from '@postwerk/contracts';
import type { PrismaClient, SettingsTestKind } from '@postwerk/db';
import { AppError } from '../../errors.ts';
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

  async start(tenantId: string, mailboxId: string, kind: SettingsTestKind) {
    const mailbox = await this.prisma.mailbox.findFirst({ where: { id: mailboxId, tenantId } });
    if (!mailbox) {
      throw new AppError('MAILBOX_NOT_FOUND', 'Postfach nicht gefunden.');
    }
    const missing = kind === 'INCOMING' ? !mailbox.incomingServerId : !mailbox.outgoingServerId;
    if (missing || (kind === 'FULL_LOOP' && !mailbox.incomingServerId)) {
      throw new AppError(
        'MAILBOX_NOT_READY',
        kind === 'INCOMING'
          ? 'Wählen Sie zuerst einen Posteingangsserver aus und speichern Sie.'
          : 'Für den Test braucht das Postfach einen Postausgangs- und einen Posteingangsserver.',
        { details: { kind } },
      );
    }
    const run = await this.prisma.settingsTestRun.create({ data: { tenantId, mailboxId, kind } });
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
}

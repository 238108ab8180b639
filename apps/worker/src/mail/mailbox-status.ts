import type { WorkerDeps } from '../deps.ts';
import type { MailFailure } from './mail-failure.ts';

/**
 * Records a successful send or poll on the mailbox: the dashboard's "last successful" times,
 * and back to OK from an earlier failure of the same kind.
 */
export async function recordMailboxSuccess(
  deps: WorkerDeps,
  mailboxId: string,
  kind: 'send' | 'poll',
): Promise<void> {
  const failedStatus = kind === 'send' ? 'SEND_FAILED' : 'FETCH_FAILED';
  const now = new Date();
  await deps.prisma.mailbox.update({
    where: { id: mailboxId },
    data: kind === 'send' ? { lastSentAt: now } : { lastPolledAt: now },
  });
  await deps.prisma.mailbox.updateMany({
    where: { id: mailboxId, status: { in: ['UNTESTED', failedStatus] } },
    data: { status: 'OK', statusCode: null },
  });
}

/**
 * Flags the mailbox after a final failure and leaves an event for the dashboard. A dead
 * Microsoft link has already set "Anmeldung erforderlich", which stays the stronger state.
 */
export async function recordMailboxFailure(
  deps: WorkerDeps,
  mailboxId: string,
  kind: 'send' | 'poll',
  failure: MailFailure,
): Promise<void> {
  const mailbox = await deps.prisma.mailbox.findUnique({ where: { id: mailboxId } });
  if (!mailbox) {
    return;
  }
  if (mailbox.status !== 'SIGN_IN_REQUIRED') {
    await deps.prisma.mailbox.update({
      where: { id: mailboxId },
      data: { status: kind === 'send' ? 'SEND_FAILED' : 'FETCH_FAILED', statusCode: failure.code },
    });
  }
  const open = await deps.prisma.mailboxEvent.count({
    where: { mailboxId, code: failure.code, resolvedAt: null },
  });
  if (open === 0) {
    await deps.prisma.mailboxEvent.create({
      data: {
        tenantId: mailbox.tenantId,
        mailboxId,
        code: failure.code,
        message: `${failure.messageDe} ${failure.actionDe}`,
      },
    });
  }
}

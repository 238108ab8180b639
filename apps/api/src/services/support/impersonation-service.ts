import { type PrismaClient, runInTenant } from '@postwerk/db';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { AuthContext } from '../auth/sessions.ts';
import { endImpersonation, type ImpersonationContext } from './impersonation-state.ts';

/** The longest an impersonation may run before it ends by itself. */
export const MAX_IMPERSONATION_MINUTES = 60;

export type StartImpersonationInput = {
  tenantId: string;
  reason: string;
  durationMinutes: number;
};

/**
 * Vendor support acting for a tenant: start (read-only), step up to allow changes, stop.
 * Every step is written to the tenant's audit log with the support user and the reason.
 */
export class ImpersonationService {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Starts on the support user's session; refused while one runs (no nesting).
   * Known limit: two starts sent at the same moment from one session can both succeed (the
   * check reads the session's state from before either); the newer one then wins.
   */
  async start(auth: AuthContext, input: StartImpersonationInput): Promise<{ id: string }> {
    if (auth.impersonation) {
      throw new AppError(
        'IMPERSONATION_ACTIVE',
        'Sie vertreten bereits einen Mandanten. Beenden Sie diese Sitzung zuerst.',
      );
    }
    const minutes = Math.min(input.durationMinutes, MAX_IMPERSONATION_MINUTES);

    return runInTenant(input.tenantId, async () => {
      const tenant = await this.prisma.tenant.findUnique({ where: { id: input.tenantId } });
      if (!tenant) {
        throw new AppError('TENANT_NOT_FOUND', 'Mandant nicht gefunden.');
      }
      const accessRequestId = tenant.requireSupportApproval
        ? await this.claimApproval(tenant.id, auth.userId)
        : null;
      const expiresAt = new Date(Date.now() + minutes * 60_000);
      const row = await this.prisma.supportImpersonation.create({
        data: {
          tenantId: tenant.id,
          supportUserId: auth.userId,
          portalSessionId: auth.sessionId,
          accessRequestId,
          reason: input.reason,
          expiresAt,
        },
      });
      await recordAudit(this.prisma, {
        tenantId: tenant.id,
        actorUserId: auth.userId,
        action: 'support.impersonation.started',
        reason: input.reason,
        targetType: 'impersonation',
        targetId: row.id,
        details: { durationMinutes: minutes, expiresAt: expiresAt.toISOString(), accessRequestId },
      });
      return { id: row.id };
    });
  }

  /** Allows changes for the rest of the impersonation; audited with its own reason. */
  async stepUp(auth: AuthContext, reason: string | undefined): Promise<void> {
    const impersonation = requireActive(auth);
    await runInTenant(impersonation.tenantId, async () => {
      const updated = await this.prisma.supportImpersonation.updateMany({
        where: { id: impersonation.id, endedAt: null, steppedUpAt: null },
        data: { steppedUpAt: new Date() },
      });
      if (updated.count === 0) {
        return;
      }
      await recordAudit(this.prisma, {
        tenantId: impersonation.tenantId,
        actorUserId: auth.userId,
        action: 'support.impersonation.stepped_up',
        reason: reason ?? impersonation.reason,
        targetType: 'impersonation',
        targetId: impersonation.id,
        details: { impersonationReason: impersonation.reason },
      });
    });
  }

  async stop(auth: AuthContext): Promise<void> {
    const impersonation = requireActive(auth);
    await runInTenant(impersonation.tenantId, () =>
      endImpersonation(this.prisma, impersonation, 'STOPPED'),
    );
  }

  /** Uses up the newest approved, unexpired, unused request of this support user. */
  private async claimApproval(tenantId: string, supportUserId: string): Promise<string> {
    const approval = await this.prisma.supportAccessRequest.findFirst({
      where: {
        tenantId,
        supportUserId,
        status: 'APPROVED',
        usedAt: null,
        expiresAt: { gt: new Date() },
      },
      orderBy: { decidedAt: 'desc' },
    });
    const claimed = approval
      ? await this.prisma.supportAccessRequest.updateMany({
          where: { id: approval.id, usedAt: null },
          data: { usedAt: new Date() },
        })
      : { count: 0 };
    if (!approval || claimed.count !== 1) {
      throw new AppError(
        'SUPPORT_APPROVAL_REQUIRED',
        'Dieser Mandant verlangt eine Freigabe. Bitte zuerst eine Zugriffsanfrage stellen ' +
          'und die Zustimmung eines Firmenadministrators abwarten.',
      );
    }
    return approval.id;
  }
}

function requireActive(auth: AuthContext): ImpersonationContext {
  if (!auth.impersonation) {
    throw new AppError('IMPERSONATION_NOT_ACTIVE', 'Es läuft keine Support-Sitzung.');
  }
  return auth.impersonation;
}

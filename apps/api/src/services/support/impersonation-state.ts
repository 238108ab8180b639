import type { PrismaClient } from '@postwerk/db';
import { recordAudit } from '../audit/audit-log.ts';

/** What `request.auth` carries while a support user acts for a tenant. */
export type ImpersonationContext = {
  id: string;
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
  supportUserId: string;
  reason: string;
  /** True until the support user steps up; every state-changing request is refused. */
  readOnly: boolean;
  startedAt: Date;
  expiresAt: Date;
};

/**
 * Closes an impersonation with the given end reason and audits it. Returns false when
 * another request closed it first (then nothing is written twice).
 */
export async function endImpersonation(
  prisma: PrismaClient,
  impersonation: ImpersonationContext,
  endReason: 'STOPPED' | 'EXPIRED' | 'SIGNED_OUT',
): Promise<boolean> {
  const closed = await prisma.supportImpersonation.updateMany({
    where: { id: impersonation.id, endedAt: null },
    data: { endedAt: new Date(), endReason },
  });
  if (closed.count !== 1) {
    return false;
  }
  await recordAudit(prisma, {
    tenantId: impersonation.tenantId,
    actorUserId: impersonation.supportUserId,
    action: `support.impersonation.${endReason.toLowerCase()}`,
    reason: impersonation.reason,
    targetType: 'impersonation',
    targetId: impersonation.id,
    details: { expiresAt: impersonation.expiresAt.toISOString() },
  });
  return true;
}

/** Closes an impersonation that ran past its time limit. */
export function expireImpersonation(
  prisma: PrismaClient,
  impersonation: ImpersonationContext,
): Promise<boolean> {
  return endImpersonation(prisma, impersonation, 'EXPIRED');
}

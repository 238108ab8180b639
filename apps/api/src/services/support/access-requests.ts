import {
  type PrismaClient,
  runAsSystem,
  runInTenant,
  type SupportAccessRequest,
} from '@postwerk/db';
import { AppError } from '../../errors.ts';
import { loadActors, recordAudit } from '../audit/audit-log.ts';

// A request waits this long for a decision; an approval is good this long for one start.
const PENDING_HOURS = 24;
const APPROVAL_VALID_HOURS = 4;

export type AccessRequestView = {
  id: string;
  tenantId: string;
  reason: string;
  status: 'PENDING' | 'APPROVED' | 'DECLINED' | 'EXPIRED' | 'USED';
  supportUser: { id: string; name: string };
  expiresAt: Date;
  decidedAt: Date | null;
  createdAt: Date;
};

/**
 * Support access for tenants that require approval: support asks with a reason, a firm
 * admin of the tenant approves or declines, and an approval allows one impersonation.
 */
export class AccessRequestService {
  constructor(private readonly prisma: PrismaClient) {}

  async create(
    supportUser: { id: string; name: string },
    input: { tenantId: string; reason: string },
  ): Promise<AccessRequestView> {
    return runInTenant(input.tenantId, async () => {
      const tenant = await this.prisma.tenant.count({ where: { id: input.tenantId } });
      if (!tenant) {
        throw new AppError('TENANT_NOT_FOUND', 'Mandant nicht gefunden.');
      }
      const row = await this.prisma.supportAccessRequest.create({
        data: {
          tenantId: input.tenantId,
          supportUserId: supportUser.id,
          reason: input.reason,
          expiresAt: new Date(Date.now() + PENDING_HOURS * 3_600_000),
        },
      });
      await recordAudit(this.prisma, {
        tenantId: input.tenantId,
        actorUserId: supportUser.id,
        action: 'support.access_request.created',
        reason: input.reason,
        targetType: 'access_request',
        targetId: row.id,
      });
      return toView(row, supportUser);
    });
  }

  /** One support user's own requests across tenants (support console exception). */
  listOwn(supportUserId: string): Promise<AccessRequestView[]> {
    return runAsSystem('support-console', () => this.list({ supportUserId }));
  }

  /** Requests newest first: a tenant's (for its admins) or one support user's own. */
  async list(where: { tenantId: string } | { supportUserId: string }) {
    const rows = await this.prisma.supportAccessRequest.findMany({
      where,
      orderBy: { createdAt: 'desc' },
      take: 100,
    });
    const names = await loadActors(
      this.prisma,
      rows.map((row) => row.supportUserId),
    );
    return rows.map((row) =>
      toView(row, { id: row.supportUserId, name: names.get(row.supportUserId)?.name ?? '' }),
    );
  }

  async decide(
    tenantId: string,
    requestId: string,
    adminUserId: string,
    approve: boolean,
  ): Promise<void> {
    const now = new Date();
    const decided = await this.prisma.supportAccessRequest.updateMany({
      where: { id: requestId, tenantId, status: 'PENDING', expiresAt: { gt: now } },
      data: {
        status: approve ? 'APPROVED' : 'DECLINED',
        decidedById: adminUserId,
        decidedAt: now,
        expiresAt: approve ? new Date(now.getTime() + APPROVAL_VALID_HOURS * 3_600_000) : now,
      },
    });
    const row = await this.prisma.supportAccessRequest.findFirst({
      where: { id: requestId, tenantId },
    });
    if (!row) {
      throw new AppError('ACCESS_REQUEST_NOT_FOUND', 'Zugriffsanfrage nicht gefunden.');
    }
    if (decided.count === 0) {
      throw new AppError(
        'ACCESS_REQUEST_DECIDED',
        'Über diese Anfrage wurde bereits entschieden, oder sie ist abgelaufen.',
      );
    }
    await recordAudit(this.prisma, {
      tenantId,
      actorUserId: adminUserId,
      action: approve ? 'support.access_request.approved' : 'support.access_request.declined',
      reason: row.reason,
      targetType: 'access_request',
      targetId: row.id,
      details: { supportUserId: row.supportUserId },
    });
  }
}

function toView(
  row: SupportAccessRequest,
  supportUser: { id: string; name: string },
): AccessRequestView {
  return {
    id: row.id,
    tenantId: row.tenantId,
    reason: row.reason,
    status: statusOf(row),
    supportUser,
    expiresAt: row.expiresAt,
    decidedAt: row.decidedAt,
    createdAt: row.createdAt,
  };
}

function statusOf(row: SupportAccessRequest): AccessRequestView['status'] {
  if (row.usedAt) {
    return 'USED';
  }
  if (row.status !== 'DECLINED' && row.expiresAt <= new Date()) {
    return 'EXPIRED';
  }
  return row.status;
}

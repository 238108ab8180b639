import { type Prisma, type PrismaClient, runAsSystem, runInTenant } from '@postwerk/db';

export type AuditEntry = {
  tenantId: string;
  actorUserId: string | null;
  action: string;
  reason?: string | null;
  targetType?: string;
  targetId?: string;
  details?: Prisma.InputJsonObject;
};

export type AuditEventView = {
  id: string;
  action: string;
  reason: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
  actor: { id: string; name: string; role: 'FIRM_ADMIN' | 'SUPPORT' } | null;
};

/**
 * Appends one row to a tenant's audit log. Rows are never changed or deleted by the
 * application: the database role has no UPDATE or DELETE on AuditEvent.
 */
export async function recordAudit(prisma: PrismaClient, entry: AuditEntry): Promise<void> {
  await runInTenant(entry.tenantId, () =>
    prisma.auditEvent.create({
      data: {
        tenantId: entry.tenantId,
        actorUserId: entry.actorUserId,
        action: entry.action,
        reason: entry.reason ?? null,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        details: entry.details ?? {},
      },
    }),
  );
}

/** A tenant's audit log, newest first, with the name and role of whoever acted. */
export async function listAuditEvents(
  prisma: PrismaClient,
  tenantId: string,
  limit: number,
): Promise<AuditEventView[]> {
  const rows = await runInTenant(tenantId, () =>
    prisma.auditEvent.findMany({
      where: { tenantId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    }),
  );
  const byId = await loadActors(
    prisma,
    rows.flatMap((row) => (row.actorUserId ? [row.actorUserId] : [])),
  );

  return rows.map((row) => ({
    id: row.id,
    action: row.action,
    reason: row.reason,
    targetType: row.targetType,
    targetId: row.targetId,
    details: isRecord(row.details) ? row.details : {},
    createdAt: row.createdAt,
    actor: row.actorUserId ? (byId.get(row.actorUserId) ?? null) : null,
  }));
}

/**
 * Name and role of the given users. Support staff have no tenant, so their rows are only
 * visible in the system context; nothing but id, name and role leaves it.
 */
export async function loadActors(
  prisma: PrismaClient,
  userIds: string[],
): Promise<Map<string, { id: string; name: string; role: 'FIRM_ADMIN' | 'SUPPORT' }>> {
  const actors = await runAsSystem('audit-actors', () =>
    prisma.portalUser.findMany({
      where: { id: { in: [...new Set(userIds)] } },
      select: { id: true, name: true, role: true },
    }),
  );
  return new Map(actors.map((actor) => [actor.id, actor]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { createHash, randomBytes } from 'node:crypto';
import { type PortalRole, Prisma, type PrismaClient, runAsSystem } from '@postwerk/db';
import { expireImpersonation, type ImpersonationContext } from '../support/impersonation-state.ts';

/** The signed-in portal user as every handler sees it. */
export type AuthContext = {
  sessionId: string;
  userId: string;
  role: PortalRole;
  email: string;
  name: string;
  /** The user's own tenant; null for vendor support (see `impersonation` for whom they act). */
  tenantId: string | null;
  /** Set while a support user impersonates a tenant from this session. */
  impersonation: ImpersonationContext | null;
  /** True on the one request that found the impersonation past its time and closed it. */
  impersonationExpired: boolean;
};

/** Creates a session and returns the token for the cookie; only its hash is stored. */
export async function createSession(
  prisma: PrismaClient,
  userId: string,
  ttlHours: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await prisma.portalSession.create({ data: { userId, tokenHash: hashToken(token), expiresAt } });
  return { token, expiresAt };
}

/**
 * Resolves a cookie token to its session, sliding the expiry forward. Returns undefined for
 * an unknown or expired token. Runs in the system context: the session is found by its
 * token hash before the tenant is known (a support user has none of their own).
 */
export function resolveSession(
  prisma: PrismaClient,
  token: string,
  ttlHours: number,
): Promise<AuthContext | undefined> {
  return runAsSystem('session', () => resolveSessionRows(prisma, token, ttlHours));
}

async function resolveSessionRows(
  prisma: PrismaClient,
  token: string,
  ttlHours: number,
): Promise<AuthContext | undefined> {
  const [row] = await prisma.$queryRaw<SessionRow[]>(sessionQuery(hashToken(token)));
  if (!row || row.expiresAt <= new Date()) {
    return undefined;
  }
  // Extending on every request would write on every read; once a minute is plenty.
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await prisma.portalSession.update({
      where: { id: row.sessionId },
      data: { lastSeenAt: new Date(), expiresAt: new Date(Date.now() + ttlHours * 3_600_000) },
    });
  }
  let impersonation = impersonationOf(row);
  let impersonationExpired = false;
  if (impersonation && impersonation.expiresAt <= new Date()) {
    impersonationExpired = await expireImpersonation(prisma, impersonation);
    impersonation = null;
  }
  return {
    sessionId: row.sessionId,
    userId: row.userId,
    role: row.role,
    email: row.email,
    name: row.name,
    tenantId: row.tenantId,
    impersonation,
    impersonationExpired,
  };
}

export async function deleteSession(prisma: PrismaClient, sessionId: string): Promise<void> {
  await prisma.portalSession.deleteMany({ where: { id: sessionId } });
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

type SessionRow = {
  sessionId: string;
  userId: string;
  expiresAt: Date;
  lastSeenAt: Date;
  role: PortalRole;
  email: string;
  name: string;
  tenantId: string | null;
  impersonationId: string | null;
  impersonatedTenantId: string | null;
  tenantSlug: string | null;
  tenantName: string | null;
  supportUserId: string | null;
  reason: string | null;
  steppedUpAt: Date | null;
  startedAt: Date | null;
  impersonationExpiresAt: Date | null;
};

/**
 * The session, its user and the session's open impersonation (the newest, with its tenant's
 * name) in one statement: this runs before every signed-in request, and as separate Prisma
 * queries it took two transactions and five statements.
 */
function sessionQuery(tokenHash: string) {
  return Prisma.sql`
    SELECT s."id" AS "sessionId", s."userId", s."expiresAt", s."lastSeenAt",
      u."role"::text AS "role", u."email", u."name", u."tenantId",
      i."id" AS "impersonationId", i."tenantId" AS "impersonatedTenantId", i."tenantSlug",
      i."tenantName", i."supportUserId", i."reason", i."steppedUpAt", i."startedAt",
      i."expiresAt" AS "impersonationExpiresAt"
    FROM "PortalSession" s
    JOIN "PortalUser" u ON u."id" = s."userId"
    LEFT JOIN LATERAL (
      SELECT si."id", si."tenantId", si."supportUserId", si."reason", si."steppedUpAt",
        si."startedAt", si."expiresAt", t."slug" AS "tenantSlug", t."name" AS "tenantName"
      FROM "SupportImpersonation" si
      JOIN "Tenant" t ON t."id" = si."tenantId"
      WHERE si."portalSessionId" = s."id" AND si."endedAt" IS NULL
      ORDER BY si."startedAt" DESC
      LIMIT 1
    ) i ON TRUE
    WHERE s."tokenHash" = ${tokenHash}`;
}

function impersonationOf(row: SessionRow): ImpersonationContext | null {
  if (!row.impersonationId) {
    return null;
  }
  return {
    id: row.impersonationId,
    tenantId: row.impersonatedTenantId as string,
    tenantSlug: row.tenantSlug as string,
    tenantName: row.tenantName as string,
    supportUserId: row.supportUserId as string,
    reason: row.reason as string,
    readOnly: row.steppedUpAt === null,
    startedAt: row.startedAt as Date,
    expiresAt: row.impersonationExpiresAt as Date,
  };
}

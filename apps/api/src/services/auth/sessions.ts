import { createHash, randomBytes } from 'node:crypto';
import { type PortalRole, type PrismaClient, runAsSystem } from '@postwerk/db';
import {
  expireImpersonation,
  type ImpersonationContext,
  loadActiveImpersonation,
} from '../support/impersonation-state.ts';

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
  const session = await prisma.portalSession.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: true },
  });
  if (!session || session.expiresAt <= new Date()) {
    return undefined;
  }
  // Extending on every request would write on every read; once a minute is plenty.
  if (Date.now() - session.lastSeenAt.getTime() > 60_000) {
    await prisma.portalSession.update({
      where: { id: session.id },
      data: { lastSeenAt: new Date(), expiresAt: new Date(Date.now() + ttlHours * 3_600_000) },
    });
  }
  let impersonation = await loadActiveImpersonation(prisma, session.id);
  let impersonationExpired = false;
  if (impersonation && impersonation.expiresAt <= new Date()) {
    impersonationExpired = await expireImpersonation(prisma, impersonation);
    impersonation = null;
  }
  return {
    sessionId: session.id,
    userId: session.userId,
    role: session.user.role,
    email: session.user.email,
    name: session.user.name,
    tenantId: session.user.tenantId,
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

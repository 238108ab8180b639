import { type PrismaClient, runAsSystem, runInTenant } from '@postwerk/db';
import { hashToken } from '../auth/sessions.ts';
import { isWellFormedApiKey } from './api-key-secrets.ts';

/** The key a machine request authenticated with; the tenant it acts for comes from here. */
export type ApiKeyContext = { id: string; tenantId: string; prefix: string };

// Writing lastUsedAt on every request would turn each read into a write; once a minute is
// what the portal's "zuletzt verwendet" needs.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The live key behind a presented bearer token, or undefined for a malformed, unknown or
 * revoked one. The key is found by the SHA-256 of the whole token through a unique index, so
 * no stored secret is ever compared byte by byte with the input (no timing to measure).
 * The lookup runs in the system context: the tenant is what the key tells us.
 */
export async function resolveApiKey(
  prisma: PrismaClient,
  presented: string,
): Promise<ApiKeyContext | undefined> {
  if (!isWellFormedApiKey(presented)) {
    return undefined;
  }
  const row = await runAsSystem('api-key', () =>
    prisma.apiKey.findUnique({
      where: { secretHash: hashToken(presented) },
      select: { id: true, tenantId: true, prefix: true, lastUsedAt: true, revokedAt: true },
    }),
  );
  if (!row || row.revokedAt) {
    return undefined;
  }
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await touchApiKey(prisma, row.id, row.tenantId);
  }
  return { id: row.id, tenantId: row.tenantId, prefix: row.prefix };
}

async function touchApiKey(prisma: PrismaClient, id: string, tenantId: string): Promise<void> {
  const now = new Date();
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  // Conditional, so parallel requests of one key write the row once per minute, not each.
  await runInTenant(tenantId, () =>
    prisma.apiKey.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: staleBefore } }] },
      data: { lastUsedAt: now },
    }),
  );
}

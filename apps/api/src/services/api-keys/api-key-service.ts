import type { PrismaClient } from '@postwerk/db';
import { AppError } from '../../errors.ts';
import { generateApiKey } from './api-key-secrets.ts';

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: { name: string } | null;
};

const VIEW_SELECT = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { name: true } },
} as const;

/**
 * A tenant's API keys for other vendor software. The key exists in full only in the reply of
 * `create`; the database keeps its SHA-256. Creating and revoking are audited in the same
 * transaction as the change.
 */
export class ApiKeyService {
  constructor(private readonly prisma: PrismaClient) {}

  async create(
    tenantId: string,
    actorUserId: string,
    name: string,
  ): Promise<ApiKeyView & { key: string }> {
    const { key, prefix, secretHash } = generateApiKey();
    const row = await this.prisma.$transaction(async (tx) => {
      const created = await tx.apiKey.create({
        data: { tenantId, name, prefix, secretHash, createdById: actorUserId },
        select: VIEW_SELECT,
      });
      await tx.auditEvent.create({
        data: {
          tenantId,
          actorUserId,
          action: 'api_key.created',
          targetType: 'api_key',
          targetId: created.id,
          details: { name, prefix },
        },
      });
      return created;
    });
    return { ...row, key };
  }

  /** Every key of the tenant, revoked ones included (they explain old log lines), newest first. */
  list(tenantId: string): Promise<ApiKeyView[]> {
    return this.prisma.apiKey.findMany({
      where: { tenantId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: VIEW_SELECT,
    });
  }

  /** Revokes a key at once: its next request is refused. Revoking it again changes nothing. */
  async revoke(tenantId: string, actorUserId: string, id: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const key = await tx.apiKey.findFirst({ where: { id, tenantId } });
      if (!key) {
        throw new AppError('API_KEY_NOT_FOUND', 'Der API-Schlüssel wurde nicht gefunden.');
      }
      if (key.revokedAt) {
        return;
      }
      await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
      await tx.auditEvent.create({
        data: {
          tenantId,
          actorUserId,
          action: 'api_key.revoked',
          targetType: 'api_key',
          targetId: id,
          details: { name: key.name, prefix: key.prefix },
        },
      });
    });
  }
}

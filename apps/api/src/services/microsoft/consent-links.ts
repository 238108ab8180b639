import { randomBytes } from 'node:crypto';
import { type ConsentLink, type PrismaClient, runAsSystem } from '@postwerk/db';
import { AppError } from '../../errors.ts';
import { hashToken } from '../auth/sessions.ts';

export type ConsentLinkState = 'OPEN' | 'USED' | 'EXPIRED' | 'REVOKED';

export type ConsentLinkView = {
  id: string;
  state: ConsentLinkState;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
};

/**
 * Links an admin hands to an employee, who then signs in at Microsoft without a portal
 * account. The token is shown once at creation; only its hash is stored.
 */
export class ConsentLinkService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly ttlDays: number,
    private readonly publicWebUrl: string,
  ) {}

  async create(
    tenantId: string,
    mailboxId: string,
    createdById: string,
  ): Promise<ConsentLinkView & { url: string }> {
    await this.assertMailbox(tenantId, mailboxId);
    const token = randomBytes(32).toString('base64url');
    const row = await this.prisma.consentLink.create({
      data: {
        tenantId,
        mailboxId,
        createdById,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + this.ttlDays * 86_400_000),
      },
    });
    const url = `${this.publicWebUrl.replace(/\/$/, '')}/api/consent/${token}`;
    return { ...toView(row), url };
  }

  async list(tenantId: string, mailboxId: string): Promise<ConsentLinkView[]> {
    await this.assertMailbox(tenantId, mailboxId);
    const rows = await this.prisma.consentLink.findMany({
      where: { tenantId, mailboxId },
      orderBy: { createdAt: 'desc' },
    });
    return rows.map(toView);
  }

  async revoke(tenantId: string, mailboxId: string, linkId: string): Promise<void> {
    const revoked = await this.prisma.consentLink.updateMany({
      where: { id: linkId, tenantId, mailboxId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (revoked.count === 0) {
      const exists = await this.prisma.consentLink.count({
        where: { id: linkId, tenantId, mailboxId },
      });
      if (!exists) {
        throw new AppError('NOT_FOUND', 'Link nicht gefunden.');
      }
    }
  }

  /**
   * Resolves an employee's token to its link, if it can still be used. System context: the
   * employee has no session, and the token (its hash) is what names the tenant.
   */
  async open(token: string): Promise<{ link: ConsentLink } | { refused: ConsentLinkState }> {
    const link = await runAsSystem('consent-link', () =>
      this.prisma.consentLink.findUnique({ where: { tokenHash: hashToken(token) } }),
    );
    if (!link) {
      return { refused: 'REVOKED' };
    }
    const state = stateOf(link);
    return state === 'OPEN' ? { link } : { refused: state };
  }

  private async assertMailbox(tenantId: string, mailboxId: string): Promise<void> {
    const found = await this.prisma.mailbox.count({ where: { id: mailboxId, tenantId } });
    if (!found) {
      throw new AppError('MAILBOX_NOT_FOUND', 'Postfach nicht gefunden.');
    }
  }
}

function stateOf(link: ConsentLink): ConsentLinkState {
  if (link.revokedAt) {
    return 'REVOKED';
  }
  if (link.usedAt) {
    return 'USED';
  }
  return link.expiresAt <= new Date() ? 'EXPIRED' : 'OPEN';
}

function toView(link: ConsentLink): ConsentLinkView {
  return {
    id: link.id,
    state: stateOf(link),
    expiresAt: link.expiresAt,
    usedAt: link.usedAt,
    revokedAt: link.revokedAt,
    createdAt: link.createdAt,
  };
}

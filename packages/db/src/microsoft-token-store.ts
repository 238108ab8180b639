import type { PrismaClient } from './generated/client.ts';
import type { SecretBox } from './secret-box.ts';

export const REFRESH_TOKEN_PURPOSE = 'ms-refresh-token';
export const ACCESS_TOKEN_PURPOSE = 'ms-access-token';

// Structural twin of mailcore's MicrosoftTokenStore: db must not depend on mailcore.
type StoredLink = {
  linkId: string;
  status: 'ACTIVE' | 'DEAD';
  upn: string;
  refreshToken: string;
  accessToken?: string;
  accessTokenExpiresAt?: Date;
  deadCode?: string | null;
};

/**
 * Microsoft account links in PostgreSQL, tokens sealed with the SecretBox. Marking a link
 * dead also flags the mailbox "Anmeldung erforderlich" and leaves an event for the
 * dashboard, in one transaction.
 */
export class PrismaMicrosoftTokenStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly secretBox: SecretBox,
  ) {}

  async load(mailboxId: string): Promise<StoredLink | null> {
    const link = await this.prisma.microsoftAccountLink.findUnique({ where: { mailboxId } });
    if (!link) {
      return null;
    }
    const context = { tenantId: link.tenantId };
    return {
      linkId: link.id,
      status: link.status,
      upn: link.upn,
      refreshToken: this.secretBox.decrypt(link.refreshTokenCipher, {
        ...context,
        purpose: REFRESH_TOKEN_PURPOSE,
      }),
      accessToken: link.accessTokenCipher
        ? this.secretBox.decrypt(link.accessTokenCipher, {
            ...context,
            purpose: ACCESS_TOKEN_PURPOSE,
          })
        : undefined,
      accessTokenExpiresAt: link.accessTokenExpiresAt ?? undefined,
      deadCode: link.deadCode,
    };
  }

  async saveTokens(
    linkId: string,
    tokens: { accessToken: string; accessTokenExpiresAt: Date; refreshToken?: string },
  ): Promise<void> {
    const link = await this.prisma.microsoftAccountLink.findUniqueOrThrow({
      where: { id: linkId },
    });
    const tenantId = link.tenantId;
    await this.prisma.microsoftAccountLink.update({
      where: { id: linkId },
      data: {
        accessTokenCipher: this.secretBox.encrypt(tokens.accessToken, {
          tenantId,
          purpose: ACCESS_TOKEN_PURPOSE,
        }),
        accessTokenExpiresAt: tokens.accessTokenExpiresAt,
        ...(tokens.refreshToken
          ? {
              refreshTokenCipher: this.secretBox.encrypt(tokens.refreshToken, {
                tenantId,
                purpose: REFRESH_TOKEN_PURPOSE,
              }),
            }
          : {}),
        lastRefreshAt: new Date(),
        lastUsedAt: new Date(),
      },
    });
  }

  /** `message` is the German guidance the admin sees with the event. */
  async markDead(linkId: string, code: string, message?: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const link = await tx.microsoftAccountLink.update({
        where: { id: linkId },
        data: {
          status: 'DEAD',
          deadCode: code,
          accessTokenCipher: null,
          accessTokenExpiresAt: null,
        },
      });
      await tx.mailbox.update({
        where: { id: link.mailboxId },
        data: { status: 'SIGN_IN_REQUIRED', statusCode: code },
      });
      await tx.mailboxEvent.create({
        data: {
          tenantId: link.tenantId,
          mailboxId: link.mailboxId,
          code,
          message: message ?? 'Microsoft-Anmeldung ungültig: Konto erneut anmelden.',
        },
      });
    });
  }
}

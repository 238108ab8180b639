import {
  ACCESS_TOKEN_PURPOSE,
  type PrismaClient,
  REFRESH_TOKEN_PURPOSE,
  type SecretBox,
} from '@postwerk/db';
import {
  buildAuthorizeUrl,
  createPkcePair,
  exchangeAuthCode,
  type MicrosoftIdentityConfig,
  type TokenSet,
} from '@postwerk/mailcore';
import { verifyIdToken } from '../../auth/microsoft/id-token.ts';
import { AppError } from '../../errors.ts';
import { consumeOAuthState, createOAuthState, type StateBinding } from './oauth-states.ts';

export type LinkOutcome = {
  tenantId: string;
  mailboxId: string;
  upn: string;
  /** The mailbox's own address, which the signed-in account should have been. */
  mailboxAddress: string;
  identityMismatch: boolean;
  viaConsentLink: boolean;
};

/** Why a callback was refused; the portal shows a German text for each. */
export class LinkFlowError extends Error {
  override name = 'LinkFlowError';
  constructor(
    readonly reason: string,
    readonly mailboxId?: string,
    readonly viaConsentLink = false,
    options?: { cause?: unknown },
  ) {
    super(`microsoft link flow refused: ${reason}`, options);
  }
}

/**
 * The Microsoft account link of a mailbox: start the redirect, complete the callback,
 * remove the link. One account per mailbox, used for all of its companies and servers.
 */
export class MicrosoftLinkService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly secretBox: SecretBox,
    private readonly config: MicrosoftIdentityConfig,
  ) {}

  /** The authorize URL for a mailbox of the tenant, bound to a browser session or link. */
  async start(tenantId: string, mailboxId: string, binding: StateBinding): Promise<string> {
    const mailbox = await this.prisma.mailbox.findFirst({ where: { id: mailboxId, tenantId } });
    if (!mailbox) {
      throw new AppError('MAILBOX_NOT_FOUND', 'Postfach nicht gefunden.');
    }
    const pkce = createPkcePair();
    const pending = await createOAuthState(this.prisma, this.secretBox, {
      tenantId,
      mailboxId,
      codeVerifier: pkce.verifier,
      binding,
    });
    return buildAuthorizeUrl(this.config, {
      state: pending.state,
      nonce: pending.nonce,
      codeChallenge: pkce.challenge,
      loginHint: mailbox.externalAddress,
    });
  }

  /**
   * Completes the callback: checks the state and its binding, redeems the code, validates
   * the ID token and stores the link. Nothing is stored unless every check passes.
   */
  async complete(input: {
    state: string;
    code: string;
    currentSessionId: string | null;
  }): Promise<LinkOutcome> {
    const pending = await consumeOAuthState(this.prisma, this.secretBox, input.state);
    if (typeof pending === 'string') {
      throw new LinkFlowError(`STATE_${pending}`);
    }
    const viaConsentLink = pending.consentLinkId !== null;
    const fail = (reason: string, cause?: unknown) =>
      new LinkFlowError(reason, pending.mailboxId, viaConsentLink, { cause });

    if (pending.portalSessionId && pending.portalSessionId !== input.currentSessionId) {
      throw fail('STATE_SESSION_MISMATCH');
    }
    if (pending.consentLinkId) {
      await this.assertConsentLinkOpen(pending.consentLinkId, fail);
    }

    let tokens: TokenSet;
    try {
      tokens = await exchangeAuthCode(this.config, input.code, pending.codeVerifier);
    } catch (error) {
      const codes = (error as { aadstsCodes?: number[] }).aadstsCodes ?? [];
      throw fail(codes[0] ? `AADSTS${codes[0]}` : 'TOKEN_EXCHANGE_FAILED', error);
    }
    if (!tokens.idToken || !tokens.refreshToken) {
      throw fail('TOKEN_REPLY_INCOMPLETE');
    }
    const identity = await verifyIdToken(this.config, tokens.idToken, pending.nonce).catch(
      (error: unknown) => {
        throw fail('ID_TOKEN_INVALID', error);
      },
    );

    const mailbox = await this.prisma.mailbox.findUniqueOrThrow({
      where: { id: pending.mailboxId },
    });
    // Microsoft keeps the letter case the directory has (Jane.Doe@...); addresses are stored
    // lower case.
    const signedInAs = (identity.email ?? identity.upn).toLowerCase();
    const identityMismatch =
      signedInAs !== mailbox.externalAddress &&
      identity.upn.toLowerCase() !== mailbox.externalAddress;
    await this.storeLink(pending.tenantId, pending.mailboxId, identity, tokens, identityMismatch);
    if (pending.consentLinkId) {
      await this.prisma.consentLink.update({
        where: { id: pending.consentLinkId },
        data: { usedAt: new Date() },
      });
    }
    await this.prisma.auditEvent.create({
      data: {
        tenantId: pending.tenantId,
        action: 'microsoft.linked',
        targetType: 'mailbox',
        targetId: pending.mailboxId,
        // The mailbox's code too: the audit log names it without another lookup.
        details: { upn: identity.upn, mailboxCode: mailbox.code, identityMismatch, viaConsentLink },
      },
    });
    return {
      tenantId: pending.tenantId,
      mailboxId: pending.mailboxId,
      upn: identity.upn,
      mailboxAddress: mailbox.externalAddress,
      identityMismatch,
      viaConsentLink,
    };
  }

  /** Burns the state of a sign-in Microsoft refused, returning whose it was. */
  async abandon(
    state: string,
  ): Promise<{ mailboxId: string; viaConsentLink: boolean } | undefined> {
    const pending = await consumeOAuthState(this.prisma, this.secretBox, state);
    if (typeof pending === 'string') {
      return undefined;
    }
    return { mailboxId: pending.mailboxId, viaConsentLink: pending.consentLinkId !== null };
  }

  /** Deletes the mailbox's link and with it every token. */
  async remove(tenantId: string, mailboxId: string, actorUserId: string): Promise<void> {
    const mailbox = await this.prisma.mailbox.findFirst({ where: { id: mailboxId, tenantId } });
    if (!mailbox) {
      throw new AppError('MAILBOX_NOT_FOUND', 'Postfach nicht gefunden.');
    }
    const link = await this.prisma.microsoftAccountLink.findFirst({
      where: { mailboxId },
      select: { upn: true },
    });
    const removed = await this.prisma.microsoftAccountLink.deleteMany({ where: { mailboxId } });
    if (removed.count > 0) {
      await this.prisma.auditEvent.create({
        data: {
          tenantId,
          actorUserId,
          action: 'microsoft.unlinked',
          targetType: 'mailbox',
          targetId: mailboxId,
          details: { mailboxCode: mailbox.code, ...(link ? { upn: link.upn } : {}) },
        },
      });
    }
  }

  private async storeLink(
    tenantId: string,
    mailboxId: string,
    identity: Awaited<ReturnType<typeof verifyIdToken>>,
    tokens: TokenSet,
    identityMismatch: boolean,
  ): Promise<void> {
    const seal = (value: string, purpose: string) =>
      this.secretBox.encrypt(value, { tenantId, purpose });
    const data = {
      upn: identity.upn,
      email: identity.email,
      msTenantId: identity.tid,
      objectId: identity.oid,
      refreshTokenCipher: seal(tokens.refreshToken as string, REFRESH_TOKEN_PURPOSE),
      accessTokenCipher: seal(tokens.accessToken, ACCESS_TOKEN_PURPOSE),
      accessTokenExpiresAt: tokens.expiresAt,
      status: 'ACTIVE' as const,
      deadCode: null,
      identityMismatch,
      lastRefreshAt: new Date(),
    };
    await this.prisma.$transaction([
      this.prisma.microsoftAccountLink.upsert({
        where: { mailboxId },
        create: { tenantId, mailboxId, ...data },
        update: data,
      }),
      // A fresh link clears what a missing or dead link caused (including a send or poll that
      // failed for want of it); the next send or poll sets the rest.
      this.prisma.mailbox.updateMany({
        where: {
          id: mailboxId,
          OR: [
            { status: 'SIGN_IN_REQUIRED' },
            {
              statusCode: {
                in: ['MICROSOFT_LINK_MISSING', 'LINK_DEAD', 'OAUTH_TOKEN_UNAVAILABLE'],
              },
            },
            { statusCode: { startsWith: 'AADSTS' } },
          ],
        },
        data: { status: 'UNTESTED', statusCode: null },
      }),
      this.prisma.mailboxEvent.updateMany({
        where: { mailboxId, resolvedAt: null },
        data: { resolvedAt: new Date() },
      }),
    ]);
  }

  private async assertConsentLinkOpen(
    consentLinkId: string,
    fail: (reason: string) => LinkFlowError,
  ): Promise<void> {
    const link = await this.prisma.consentLink.findUnique({ where: { id: consentLinkId } });
    if (!link || link.revokedAt) {
      throw fail('CONSENT_LINK_REVOKED');
    }
    if (link.usedAt) {
      throw fail('CONSENT_LINK_USED');
    }
    if (link.expiresAt <= new Date()) {
      throw fail('CONSENT_LINK_EXPIRED');
    }
  }
}

import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { guidanceForAadsts, guidanceForStoredCode } from './aadsts.ts';
import { MicrosoftIdentityError, refreshAccessToken, type TokenSet } from './identity-client.ts';
import { buildAdminConsentUrl, type MicrosoftIdentityConfig } from './microsoft-config.ts';
import type { MicrosoftTokenStore, StoredMicrosoftLink } from './token-store.ts';

/** An access token is reused until this long before it expires. */
export const ACCESS_TOKEN_MARGIN_MS = 5 * 60_000;
const LOCK_TTL_MS = 20_000;
const WAIT_STEP_MS = 50;

/** The mailbox has no Microsoft account linked. */
export class MicrosoftLinkMissingError extends Error {
  override name = 'MicrosoftLinkMissingError';
}

/** The link's refresh token is dead; only a new sign-in helps. Jobs must not retry. */
export class MicrosoftLinkDeadError extends Error {
  override name = 'MicrosoftLinkDeadError';
  constructor(
    readonly code: string,
    readonly messageDe: string,
    readonly actionDe: string,
  ) {
    super(`microsoft account link is dead (${code})`);
  }
}

export type TokenServiceOptions = {
  config: MicrosoftIdentityConfig;
  store: MicrosoftTokenStore;
  redis: Redis;
  logger: Logger;
  /** Replaceable for tests; defaults to the real token endpoint call. */
  refresh?: (config: MicrosoftIdentityConfig, refreshToken: string) => Promise<TokenSet>;
};

/**
 * Hands out access tokens per mailbox. A refresh happens at most once per account at a
 * time across all processes (a Redis lock): Microsoft rotates refresh tokens, so two
 * parallel refreshes with the same token would race and one of them would store a token
 * that the other's rotation already invalidated.
 */
export class MicrosoftTokenService {
  readonly #options: TokenServiceOptions;

  constructor(options: TokenServiceOptions) {
    this.#options = options;
  }

  /**
   * A valid access token and the account to authenticate as (XOAUTH2 `user=`). Pass the
   * token a mail server just refused as `refused`: it is then not handed out again but
   * refreshed, which also finds out at once when the link itself was revoked.
   */
  async getAccessToken(
    mailboxId: string,
    options: GetAccessTokenOptions = {},
  ): Promise<{ accessToken: string; upn: string }> {
    const deadline = Date.now() + LOCK_TTL_MS * 2;
    while (Date.now() < deadline) {
      const link = await this.#load(mailboxId);
      if (isUsable(link, options.refused)) {
        return { accessToken: link.accessToken as string, upn: link.upn };
      }
      const lock = await this.#acquireLock(link.linkId);
      if (!lock) {
        await sleep(WAIT_STEP_MS);
        continue;
      }
      try {
        return await this.#refreshLocked(mailboxId, { refused: options.refused });
      } finally {
        await lock.release();
      }
    }
    throw new Error('timed out waiting for another process to refresh the access token');
  }

  /** Refreshes now, even when the access token is still valid (keep-alive of idle links). */
  async forceRefresh(mailboxId: string): Promise<void> {
    const link = await this.#load(mailboxId);
    const lock = await this.#acquireLock(link.linkId);
    if (!lock) {
      return; // someone else is refreshing this very moment: that keeps it alive too
    }
    try {
      await this.#refreshLocked(mailboxId, { force: true });
    } finally {
      await lock.release();
    }
  }

  async #refreshLocked(
    mailboxId: string,
    opts: { force?: boolean; retried?: boolean; refused?: string } = {},
  ): Promise<{ accessToken: string; upn: string }> {
    // Re-read under the lock: the previous holder may have refreshed a moment ago.
    const link = await this.#load(mailboxId);
    if (!opts.force && isUsable(link, opts.refused)) {
      return { accessToken: link.accessToken as string, upn: link.upn };
    }
    const refresh = this.#options.refresh ?? refreshAccessToken;
    const log = this.#options.logger.child({ mailboxId, linkId: link.linkId });
    try {
      const tokens = await refresh(this.#options.config, link.refreshToken);
      await this.#options.store.saveTokens(link.linkId, {
        accessToken: tokens.accessToken,
        accessTokenExpiresAt: tokens.expiresAt,
        refreshToken: tokens.refreshToken,
      });
      log.info(
        { expiresAt: tokens.expiresAt, rotated: Boolean(tokens.refreshToken) },
        'token refreshed',
      );
      return { accessToken: tokens.accessToken, upn: link.upn };
    } catch (error) {
      if (!(error instanceof MicrosoftIdentityError && error.isInvalidGrant)) {
        throw error;
      }
      // A token stored after we read ours (e.g. a new sign-in) is not dead: re-read first.
      const current = await this.#options.store.load(mailboxId);
      const changed = current?.status === 'ACTIVE' && current.refreshToken !== link.refreshToken;
      if (changed && !opts.retried) {
        log.info('refresh token changed while refreshing; retrying with the stored one');
        return this.#refreshLocked(mailboxId, { ...opts, retried: true });
      }
      return this.#declareDead(link, error, log);
    }
  }

  async #declareDead(
    link: StoredMicrosoftLink,
    error: MicrosoftIdentityError,
    log: Logger,
  ): Promise<never> {
    const guidance = guidanceForAadsts(error.aadstsCodes, this.#guidanceOptions());
    const code = guidance.code ? `AADSTS${guidance.code}` : error.error.toUpperCase();
    const messageDe = `${guidance.messageDe} ${guidance.actionDe}`;
    await this.#options.store.markDead(link.linkId, code, messageDe);
    log.warn({ code }, 'microsoft account link is dead');
    throw new MicrosoftLinkDeadError(code, guidance.messageDe, guidance.actionDe);
  }

  async #load(mailboxId: string): Promise<StoredMicrosoftLink> {
    const link = await this.#options.store.load(mailboxId);
    if (!link) {
      throw new MicrosoftLinkMissingError(`mailbox ${mailboxId} has no microsoft account`);
    }
    if (link.status === 'DEAD') {
      // Say again why it died: the admin may meet this in a settings test days later.
      const guidance = guidanceForStoredCode(link.deadCode, this.#guidanceOptions());
      throw new MicrosoftLinkDeadError('LINK_DEAD', guidance.messageDe, guidance.actionDe);
    }
    return link;
  }

  #guidanceOptions() {
    return { adminConsentUrl: buildAdminConsentUrl(this.#options.config) };
  }

  async #acquireLock(linkId: string): Promise<{ release(): Promise<void> } | undefined> {
    const key = `postwerk:ms-token-lock:${linkId}`;
    const owner = randomBytes(12).toString('hex');
    const acquired = await this.#options.redis.set(key, owner, 'PX', LOCK_TTL_MS, 'NX');
    if (acquired !== 'OK') {
      return undefined;
    }
    const redis = this.#options.redis;
    return {
      async release() {
        // Delete only our own lock: after a TTL expiry another process may hold it.
        await redis.eval(
          "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end",
          1,
          key,
          owner,
        );
      },
    };
  }
}

/** `refused`: an access token a mail server refused, which must not be handed out again. */
export type GetAccessTokenOptions = { refused?: string };

function isUsable(link: StoredMicrosoftLink, refused?: string): boolean {
  return isFresh(link) && (refused === undefined || link.accessToken !== refused);
}

function isFresh(link: StoredMicrosoftLink): boolean {
  return Boolean(
    link.accessToken &&
      link.accessTokenExpiresAt &&
      link.accessTokenExpiresAt.getTime() - Date.now() > ACCESS_TOKEN_MARGIN_MS,
  );
}

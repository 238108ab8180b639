/** The Microsoft account link as the token service sees it, secrets already decrypted. */
export type StoredMicrosoftLink = {
  linkId: string;
  status: 'ACTIVE' | 'DEAD';
  upn: string;
  refreshToken: string;
  accessToken?: string;
  accessTokenExpiresAt?: Date;
  /** Why a DEAD link died, e.g. `AADSTS700082`. */
  deadCode?: string | null;
};

export type SaveTokensInput = {
  accessToken: string;
  accessTokenExpiresAt: Date;
  /** The rotated refresh token, when Microsoft sent one. */
  refreshToken?: string;
};

/**
 * Persistence of account links, implemented over PostgreSQL in @postwerk/db. Kept as an
 * interface so mailcore does not depend on Prisma.
 */
export interface MicrosoftTokenStore {
  load(mailboxId: string): Promise<StoredMicrosoftLink | null>;
  saveTokens(linkId: string, tokens: SaveTokensInput): Promise<void>;
  /** Flags the link dead; `messageDe` is the guidance the admin sees with the event. */
  markDead(linkId: string, code: string, messageDe?: string): Promise<void>;
}

import { z } from 'zod';
import { normalizeEmail, type StubContext } from '../context.ts';
import { INJECTABLE_CODES } from '../errors/aadsts-catalog.ts';
import { type AdminConsent, clearStore, type FailNextSpec, type StubStats } from './store.ts';

const EmailSchema = z.email().transform(normalizeEmail);

export const FailNextSchema = z.object({
  /** Only this user's request fails; without it, the next one of anybody. */
  email: EmailSchema.optional(),
  at: z.enum(['authorize', 'token', 'refresh']),
  aadsts: z.literal(INJECTABLE_CODES),
});

export type FailNextOptions = z.input<typeof FailNextSchema>;

export const EmailBodySchema = z.object({ email: EmailSchema });

export const TenantBodySchema = z.object({ tenant: z.string().min(1) });

/** Test controls; the same operations are served over HTTP under `/_stub/`. */
export interface StubControls {
  /** Queues a one-shot Microsoft error for the next matching authorize, code or refresh. */
  failNext(options: FailNextOptions): void;
  /** The user's live refresh tokens now answer AADSTS700082. Returns how many. */
  expireRefreshTokens(email: string): number;
  /** Like a password reset or "revoke sessions": refresh tokens answer AADSTS50173 and
   * access tokens turn inactive at introspection. New sign-ins work again. */
  revoke(email: string): void;
  /** The user's access tokens turn inactive at introspection. Returns how many. */
  expireAccessTokens(email: string): number;
  /** From now on users of this directory (id or domain) may not consent themselves: they get
   * AADSTS90094 until an administrator consented through `/{tenant}/v2.0/adminconsent`. */
  requireAdminConsent(tenant: string): void;
  /** Admin consents granted so far. */
  adminConsents(): AdminConsent[];
  /** Token requests so far, in total, per grant type and per user and grant type. */
  stats(): StubStats;
  /** Forgets every code, token, queued failure and count. The signing key stays. */
  reset(): void;
  /** SPKI PEM of the signing key, for servers that validate tokens locally. */
  publicKeyPem(): string;
}

export function createControls(ctx: StubContext): StubControls {
  const { store } = ctx;
  return {
    failNext(options) {
      store.injections.push(FailNextSchema.parse(options) satisfies FailNextSpec);
    },
    expireRefreshTokens(email) {
      const user = EmailSchema.parse(email);
      let count = 0;
      for (const grant of store.refreshTokens.values()) {
        if (grant.email === user && grant.usedAt === undefined && !grant.deadCode) {
          grant.deadCode = 700082;
          count += 1;
        }
      }
      return count;
    },
    revoke(email) {
      const user = EmailSchema.parse(email);
      store.revokedAt.set(user, Date.now());
      for (const grant of store.refreshTokens.values()) {
        if (grant.email === user) {
          grant.deadCode = 50173;
        }
      }
      for (const code of store.codes.values()) {
        if (code.email === user) {
          code.revoked = true;
        }
      }
      expireAccessTokensOf(ctx, user);
    },
    expireAccessTokens(email) {
      return expireAccessTokensOf(ctx, EmailSchema.parse(email));
    },
    requireAdminConsent(tenant) {
      const resolved = ctx.tenants.resolve(TenantBodySchema.parse({ tenant }).tenant);
      if (!resolved?.tid) {
        throw new Error(`ms-identity-stub: unknown directory ${tenant}`);
      }
      store.adminConsentRequired.add(resolved.tid);
    },
    adminConsents() {
      return structuredClone([...store.adminConsents.values()]);
    },
    stats() {
      return structuredClone(store.stats);
    },
    reset() {
      clearStore(store);
    },
    publicKeyPem() {
      return ctx.key.publicKeyPem;
    },
  };
}

function expireAccessTokensOf(ctx: StubContext, email: string): number {
  let count = 0;
  for (const record of ctx.store.accessTokens.values()) {
    if (record.email === email && !record.inactive) {
      record.inactive = true;
      count += 1;
    }
  }
  return count;
}

import { createHash, randomBytes } from 'node:crypto';
import type { InjectableCode } from '../errors/aadsts-catalog.ts';
import type { StubClient } from '../options.ts';
import type { ScopeSet } from '../scopes.ts';
import type { ResolvedTenant } from '../tenants.ts';

export type ResponseMode = 'query' | 'fragment' | 'form_post';

/** An /authorize request waiting for the browser's sign-in and consent posts. */
export interface PendingAuthorization {
  tenant: ResolvedTenant;
  client: StubClient;
  redirectUri: string;
  responseMode: ResponseMode;
  scopes: ScopeSet;
  state?: string;
  nonce?: string;
  codeChallenge: string;
  prompt?: string;
  loginHint?: string;
  /** Opened through `/{tenant}/v2.0/adminconsent`: an admin consents for the organisation. */
  adminConsent?: boolean;
  /** Set once the password was right; consent is refused before that. */
  email?: string;
  createdAt: number;
}

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  scopes: ScopeSet;
  nonce?: string;
  codeChallenge: string;
  email: string;
  issuedAt: number;
  redeemedAt?: number;
  revoked?: boolean;
}

/** One refresh token. A refresh marks it used and stores its successor. */
export interface RefreshGrant {
  clientId: string;
  email: string;
  scopes: ScopeSet;
  /** When the user signed in; kept across rotations, like Microsoft's grant issue date. */
  authTime: number;
  issuedAt: number;
  usedAt?: number;
  /** Why the token is dead, if it is: revoked, expired by a control, or injected. */
  deadCode?: 50173 | 700082 | 70008;
}

export type FailurePoint = 'authorize' | 'token' | 'refresh';

export interface FailNextSpec {
  email?: string;
  at: FailurePoint;
  aadsts: InjectableCode;
}

/** An administrator's consent for one app in one directory, for all of its users. */
export interface AdminConsent {
  tid: string;
  clientId: string;
  /** Permissions consented to, as requested (full scope strings). */
  scopes: string[];
  grantedBy: string;
  grantedAt: number;
}

export interface StubStats {
  total: number;
  byGrantType: Record<string, number>;
  byEmail: Record<string, Record<string, number>>;
}

/** Everything the stub remembers; in memory only, gone on restart. */
// Known limit: nothing is evicted before `reset()`, so a demo stub running for weeks grows
// by a few kilobytes per sign-in and refresh.
export interface StubStore {
  pending: Map<string, PendingAuthorization>;
  codes: Map<string, AuthorizationCode>;
  refreshTokens: Map<string, RefreshGrant>;
  /** Issued access tokens by `uti`, so introspection can report revoked ones inactive. */
  accessTokens: Map<string, { email: string; inactive: boolean }>;
  revokedAt: Map<string, number>;
  injections: FailNextSpec[];
  stats: StubStats;
  /** Admin consents by `{tid}:{clientId}`. */
  adminConsents: Map<string, AdminConsent>;
  /** Directories whose users may not consent themselves (AADSTS90094 until an admin did). */
  adminConsentRequired: Set<string>;
}

export function adminConsentKey(tid: string, clientId: string): string {
  return `${tid}:${clientId}`;
}

export function createStore(): StubStore {
  return {
    pending: new Map(),
    codes: new Map(),
    refreshTokens: new Map(),
    accessTokens: new Map(),
    revokedAt: new Map(),
    injections: [],
    stats: { total: 0, byGrantType: {}, byEmail: {} },
    adminConsents: new Map(),
    adminConsentRequired: new Set(),
  };
}

export function clearStore(store: StubStore): void {
  store.pending.clear();
  store.codes.clear();
  store.refreshTokens.clear();
  store.accessTokens.clear();
  store.revokedAt.clear();
  store.injections.length = 0;
  store.adminConsents.clear();
  store.adminConsentRequired.clear();
  store.stats = { total: 0, byGrantType: {}, byEmail: {} };
}

/**
 * Codes and refresh tokens are kept under a hash, so the store never holds a usable
 * credential and a heap dump of a test run leaks nothing worth having.
 */
export function hashSecret(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** A random opaque string of exactly `length` characters, shaped like Microsoft's. */
export function createOpaqueToken(length: number): string {
  const body = randomBytes(Math.ceil((length * 3) / 4)).toString('base64url');
  return `1.AQ${body}`.slice(0, length);
}

/** Takes the first matching one-shot failure, if any. */
export function takeInjection(
  store: StubStore,
  at: FailurePoint,
  email: string | undefined,
): InjectableCode | undefined {
  const index = store.injections.findIndex(
    (spec) => spec.at === at && (spec.email === undefined || spec.email === email),
  );
  if (index === -1) {
    return undefined;
  }
  const [spec] = store.injections.splice(index, 1);
  return spec?.aadsts;
}

export function recordTokenRequest(store: StubStore, grantType: string, email?: string): void {
  const { stats } = store;
  stats.total += 1;
  stats.byGrantType[grantType] = (stats.byGrantType[grantType] ?? 0) + 1;
  if (email) {
    const perUser = stats.byEmail[email] ?? {};
    perUser[grantType] = (perUser[grantType] ?? 0) + 1;
    stats.byEmail[email] = perUser;
  }
}

import { findUser, type StubContext } from '../context.ts';
import { AadError } from '../errors/aad-error.ts';
import type { InjectableCode } from '../errors/aadsts-catalog.ts';
import type { StubClient } from '../options.ts';
import { hasScope, narrowScopes } from '../scopes.ts';
import { hashSecret, type RefreshGrant, takeInjection } from '../state/store.ts';
import { issueTokens, type TokenResponse } from '../tokens/issue-tokens.ts';
import { buildAadError, type FailureContext } from './injected-failure.ts';

export interface RefreshGrantParams {
  refreshToken?: string;
  scope?: string;
}

/**
 * `grant_type=refresh_token`. Every refresh returns a new refresh token and retires the old
 * one at once, stricter than Microsoft (which tolerates reuse for a while), so a client
 * that forgets to store the newest token fails in tests instead of in production.
 */
export async function redeemRefreshToken(
  ctx: StubContext,
  client: StubClient,
  params: RefreshGrantParams,
  baseUrl: string,
): Promise<TokenResponse> {
  if (!params.refreshToken) {
    throw new AadError(900144, { param: 'refresh_token' });
  }
  const grant = ctx.store.refreshTokens.get(hashSecret(params.refreshToken));
  if (!grant || grant.clientId !== client.clientId) {
    throw new AadError(70000, { param: 'refresh_token' });
  }
  const failure: FailureContext = {
    client,
    email: grant.email,
    resource: grant.scopes.resource,
    issuedAt: grant.issuedAt,
  };
  // Known limit: 90 days without use are not tracked; tests simulate them with
  // `expireRefreshTokens()` or `failNext({ at: 'refresh', aadsts: 700082 })`.
  if (grant.deadCode !== undefined) {
    throw buildAadError(ctx, grant.deadCode, failure);
  }
  if (grant.usedAt !== undefined) {
    throw new AadError(70008);
  }
  const injected = takeInjection(ctx.store, 'refresh', grant.email);
  if (injected !== undefined) {
    killIfTerminal(grant, injected);
    throw buildAadError(ctx, injected, failure);
  }

  const user = findUser(ctx, grant.email);
  if (!user) {
    throw new AadError(70000, { param: 'refresh_token' });
  }
  const consent = { clientId: client.clientId, appName: client.displayName };
  const scopes = narrowScopes(grant.scopes, params.scope, consent);
  grant.usedAt = Date.now();

  return issueTokens(ctx, {
    client,
    user,
    scopes,
    grantedScopes: grant.scopes,
    authTime: grant.authTime,
    baseUrl,
    withRefreshToken: true,
    withIdToken: hasScope(scopes, 'openid'),
  });
}

// An injected revocation or expiry kills the token for good, as it would at Microsoft;
// consent and MFA errors leave it usable once the user has acted.
function killIfTerminal(grant: RefreshGrant, code: InjectableCode): void {
  if (code === 50173 || code === 700082 || code === 70008) {
    grant.deadCode = code;
  }
}

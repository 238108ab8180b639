import { randomBytes } from 'node:crypto';
import { normalizeEmail, type StubContext } from '../context.ts';
import { formatScopeResponse, type ScopeSet } from '../scopes.ts';
import { createOpaqueToken, hashSecret } from '../state/store.ts';
import { buildAccessTokenClaims, buildIdTokenClaims, type ClaimInput } from './claims.ts';

/** The token endpoint's success body, fields in Microsoft's order. */
export interface TokenResponse {
  token_type: 'Bearer';
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

export interface IssueTokensInput extends ClaimInput {
  /** Everything the user consented to; a rotated refresh token keeps all of it. */
  grantedScopes: ScopeSet;
  authTime: number;
  baseUrl: string;
  withRefreshToken: boolean;
  withIdToken: boolean;
}

export async function issueTokens(
  ctx: StubContext,
  input: IssueTokensInput,
): Promise<TokenResponse> {
  const now = Math.floor(Date.now() / 1000);
  const ttl = ctx.config.accessTokenTtlSeconds;
  const uti = createTokenId();
  const claims = buildAccessTokenClaims(input, now, ttl, uti);
  const accessToken = await ctx.key.sign(claims, { padTo: ctx.config.padAccessTokenTo });
  ctx.store.accessTokens.set(uti, { email: normalizeEmail(input.user.email), inactive: false });

  const response: TokenResponse = {
    token_type: 'Bearer',
    scope: formatScopeResponse(input.scopes),
    expires_in: ttl,
    ext_expires_in: ttl,
    access_token: accessToken,
  };
  if (input.withRefreshToken) {
    response.refresh_token = storeRefreshToken(ctx, input);
  }
  if (input.withIdToken) {
    const idClaims = buildIdTokenClaims(input, now, input.baseUrl, createTokenId());
    response.id_token = await ctx.key.sign(idClaims);
  }
  return response;
}

function storeRefreshToken(ctx: StubContext, input: IssueTokensInput): string {
  const token = createOpaqueToken(ctx.config.refreshTokenLength);
  ctx.store.refreshTokens.set(hashSecret(token), {
    clientId: input.client.clientId,
    email: normalizeEmail(input.user.email),
    scopes: input.grantedScopes,
    authTime: input.authTime,
    issuedAt: Date.now(),
  });
  return token;
}

function createTokenId(): string {
  return randomBytes(16).toString('base64url').slice(0, 22);
}

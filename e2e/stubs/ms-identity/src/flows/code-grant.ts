import { createHash, timingSafeEqual } from 'node:crypto';
import { findUser, type StubContext } from '../context.ts';
import { AadError } from '../errors/aad-error.ts';
import type { StubClient } from '../options.ts';
import { hasScope, narrowScopes } from '../scopes.ts';
import { hashSecret } from '../state/store.ts';
import { issueTokens, type TokenResponse } from '../tokens/issue-tokens.ts';
import { buildAadError, throwIfInjected } from './injected-failure.ts';

/** Microsoft's authorization codes live about ten minutes. */
export const CODE_LIFETIME_MS = 10 * 60 * 1000;

export interface CodeGrantParams {
  code?: string;
  redirectUri?: string;
  codeVerifier?: string;
  scope?: string;
}

/** `grant_type=authorization_code`: single use, bound to client, redirect URI and PKCE. */
export async function redeemAuthorizationCode(
  ctx: StubContext,
  client: StubClient,
  params: CodeGrantParams,
  baseUrl: string,
): Promise<TokenResponse> {
  if (!params.code) {
    throw new AadError(900144, { param: 'code' });
  }
  const record = ctx.store.codes.get(hashSecret(params.code));
  if (!record) {
    throw new AadError(9002313);
  }
  if (record.clientId !== client.clientId) {
    throw new AadError(70000, { param: 'code' });
  }
  if (record.redeemedAt !== undefined) {
    throw new AadError(54005);
  }
  const failure = { client, email: record.email, resource: record.scopes.resource };
  if (record.revoked) {
    throw buildAadError(ctx, 50173, { ...failure, issuedAt: record.issuedAt });
  }
  if (Date.now() - record.issuedAt > CODE_LIFETIME_MS) {
    throw new AadError(70008);
  }

  if (!params.redirectUri) {
    throw new AadError(900144, { param: 'redirect_uri' });
  }
  if (params.redirectUri !== record.redirectUri) {
    throw new AadError(500112, { got: params.redirectUri, expected: record.redirectUri });
  }
  if (!isVerifierValid(params.codeVerifier, record.codeChallenge)) {
    throw new AadError(501481);
  }
  throwIfInjected(ctx, 'token', failure);

  const user = findUser(ctx, record.email);
  if (!user) {
    throw new AadError(70000, { param: 'code' });
  }
  const consent = { clientId: client.clientId, appName: client.displayName };
  const scopes = narrowScopes(record.scopes, params.scope, consent);
  record.redeemedAt = Date.now();

  return issueTokens(ctx, {
    client,
    user,
    scopes,
    grantedScopes: record.scopes,
    nonce: record.nonce,
    authTime: record.issuedAt,
    baseUrl,
    // Like Microsoft: a refresh token only with offline_access, an ID token only with openid.
    withRefreshToken: hasScope(record.scopes, 'offline_access'),
    withIdToken: hasScope(record.scopes, 'openid'),
  });
}

// RFC 7636 section 4.1: 43 to 128 characters from the unreserved set.
const VERIFIER_PATTERN = /^[A-Za-z0-9._~-]{43,128}$/;

/** RFC 7636 section 4.6: BASE64URL(SHA256(verifier)) must equal the stored challenge. */
function isVerifierValid(verifier: string | undefined, challenge: string): boolean {
  if (!verifier || !VERIFIER_PATTERN.test(verifier)) {
    return false;
  }
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

import { z } from 'zod';
import { findClient, type StubContext } from '../context.ts';
import { AadError } from '../errors/aad-error.ts';
import { parseScopes } from '../scopes.ts';
import type { PendingAuthorization, ResponseMode } from '../state/store.ts';
import { isMultiTenantEndpoint } from '../tenants.ts';
import { assertTenantAllowed } from './client-auth.ts';

// A repeated query parameter arrives as an array; like most servers, take the first.
const param = z.preprocess(
  (value) => (Array.isArray(value) ? value[0] : value),
  z.string().optional(),
);

export const AuthorizeQuerySchema = z.object({
  client_id: param,
  redirect_uri: param,
  response_type: param,
  response_mode: param,
  scope: param,
  state: param,
  nonce: param,
  prompt: param,
  login_hint: param,
  code_challenge: param,
  code_challenge_method: param,
});

export type AuthorizeQuery = z.infer<typeof AuthorizeQuerySchema>;

/** Where results go once client and redirect URI are known to be registered. */
export type AuthorizeTarget = Pick<
  PendingAuthorization,
  'tenant' | 'client' | 'redirectUri' | 'responseMode' | 'state'
>;

/**
 * First checks, whose failures Microsoft shows on its own error page: until the redirect
 * URI is proven registered, sending the browser there would make an open redirect.
 */
export function resolveAuthorizeTarget(
  ctx: StubContext,
  tenantSegment: string,
  query: AuthorizeQuery,
): AuthorizeTarget {
  const tenant = ctx.tenants.resolve(tenantSegment);
  if (!tenant) {
    throw new AadError(90002, { tenant: tenantSegment });
  }
  if (!query.client_id) {
    throw new AadError(900144, { param: 'client_id' });
  }
  const client = findClient(ctx, query.client_id);
  if (!client) {
    throw new AadError(700016, { clientId: query.client_id, tenant: tenant.name });
  }
  if (!query.redirect_uri) {
    throw new AadError(900144, { param: 'redirect_uri' });
  }
  if (!client.redirectUris.includes(query.redirect_uri)) {
    throw new AadError(50011, { redirectUri: query.redirect_uri, clientId: client.clientId });
  }
  if (client.singleTenantTid && !isMultiTenantEndpoint(tenant)) {
    assertTenantAllowed(client, tenant);
  }
  return {
    tenant,
    client,
    redirectUri: query.redirect_uri,
    responseMode: toResponseMode(query.response_mode),
    state: query.state,
  };
}

// RFC 7636 section 4.2: an S256 challenge is 32 bytes in base64url, 43 characters.
const CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Remaining checks; their failures go back to the app's redirect URI. */
export function buildPendingAuthorization(
  target: AuthorizeTarget,
  query: AuthorizeQuery,
): PendingAuthorization {
  assertTenantAllowed(target.client, target.tenant);
  if (!query.response_type) {
    throw new AadError(900144, { param: 'response_type' });
  }
  if (query.response_type !== 'code') {
    throw new AadError(700054, { responseType: query.response_type });
  }
  const scopes = parseScopes(query.scope);
  if (!query.code_challenge) {
    throw new AadError(900144, { param: 'code_challenge' });
  }
  // Microsoft would also take `plain`; Postwerk must never send it, so the stub refuses.
  if (query.code_challenge_method !== 'S256') {
    throw new AadError(900144, { param: 'code_challenge_method=S256' });
  }
  if (!CHALLENGE_PATTERN.test(query.code_challenge)) {
    throw new AadError(501491);
  }
  // The stub keeps no browser session, so a silent request can never succeed.
  if (query.prompt === 'none') {
    throw new AadError(50058);
  }
  return {
    ...target,
    scopes,
    nonce: query.nonce,
    codeChallenge: query.code_challenge,
    prompt: query.prompt,
    loginHint: query.login_hint,
    createdAt: Date.now(),
  };
}

function toResponseMode(value: string | undefined): ResponseMode {
  return value === 'fragment' || value === 'form_post' ? value : 'query';
}

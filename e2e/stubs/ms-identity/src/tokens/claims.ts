import { createHash } from 'node:crypto';
import type { StubClient, StubUser } from '../options.ts';
import { formatScpClaim, type ScopeSet } from '../scopes.ts';

export interface ClaimInput {
  client: StubClient;
  user: StubUser;
  scopes: ScopeSet;
  nonce?: string;
}

const ID_TOKEN_TTL_SECONDS = 3600;

/**
 * Claims of a v1 access token as Exchange Online receives it (Outlook accepts v1 tokens,
 * hence the `sts.windows.net` issuer). `scope` repeats `scp` because Dovecot's oauth2
 * passdb checks a `scope` claim and ignores Microsoft's `scp`; `azp` is set because
 * Dovecot's local validation looks keys up by it.
 */
export function buildAccessTokenClaims(
  input: ClaimInput,
  now: number,
  ttlSeconds: number,
  uti: string,
): Record<string, unknown> {
  const { client, user } = input;
  const scp = formatScpClaim(input.scopes);
  return {
    aud: input.scopes.resource,
    iss: `https://sts.windows.net/${user.tid}/`,
    iat: now,
    nbf: now,
    exp: now + ttlSeconds,
    acr: '1',
    amr: ['pwd'],
    app_displayname: client.displayName,
    appid: client.clientId,
    appidacr: '1',
    azp: client.clientId,
    email: user.email,
    idtyp: 'user',
    name: user.displayName,
    oid: user.oid,
    scp,
    scope: scp,
    sub: pairwiseSubject(user.oid, client.clientId),
    tid: user.tid,
    unique_name: user.email,
    upn: user.email,
    uti,
    ver: '1.0',
  };
}

/** Claims of a v2 ID token, issued by the tenant's v2.0 issuer to the client. */
export function buildIdTokenClaims(
  input: ClaimInput,
  now: number,
  baseUrl: string,
  uti: string,
): Record<string, unknown> {
  const { client, user } = input;
  return {
    aud: client.clientId,
    iss: `${baseUrl}/${user.tid}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + ID_TOKEN_TTL_SECONDS,
    email: user.email,
    name: user.displayName,
    nonce: input.nonce,
    oid: user.oid,
    preferred_username: user.email,
    sub: pairwiseSubject(user.oid, client.clientId),
    tid: user.tid,
    uti,
    ver: '2.0',
  };
}

/** Microsoft's `sub` differs per app for the same user; `oid` is the stable id. */
function pairwiseSubject(oid: string, clientId: string): string {
  return createHash('sha256').update(`${oid}:${clientId}`).digest('base64url');
}

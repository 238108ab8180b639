import {
  expectedIdTokenIssuer,
  type MicrosoftIdentityConfig,
  microsoftEndpoints,
} from '@postwerk/mailcore';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { z } from 'zod';

const IdTokenClaims = z.object({
  tid: z.string().min(1),
  oid: z.string().min(1),
  nonce: z.string().min(1),
  preferred_username: z.string().optional(),
  email: z.string().optional(),
  upn: z.string().optional(),
  name: z.string().optional(),
});

export type MicrosoftIdentity = {
  tid: string;
  oid: string;
  upn: string;
  email: string | null;
  name: string | null;
};

export class IdTokenError extends Error {
  override name = 'IdTokenError';
}

// One key set per JWKS URL: jose caches keys and refetches on an unknown kid.
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/**
 * Validates an ID token per OpenID Connect Core §3.1.3.7: signature against the published
 * keys, audience = our client id, issuer = the account's tenant on our authority, expiry,
 * and the nonce we sent. Returns who signed in.
 */
export async function verifyIdToken(
  config: MicrosoftIdentityConfig,
  idToken: string,
  expectedNonce: string,
): Promise<MicrosoftIdentity> {
  const jwksUrl = microsoftEndpoints(config).keys;
  let keySet = keySets.get(jwksUrl);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(jwksUrl));
    keySets.set(jwksUrl, keySet);
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keySet, {
      audience: config.clientId,
      algorithms: ['RS256'],
      clockTolerance: 60,
    }));
  } catch (cause) {
    throw new IdTokenError('id token signature or claims invalid', { cause });
  }
  const claims = IdTokenClaims.safeParse(payload);
  if (!claims.success) {
    throw new IdTokenError('id token lacks tid, oid or nonce');
  }
  // With /organizations or /common the issuer names the account's own tenant.
  if (payload.iss !== expectedIdTokenIssuer(config, claims.data.tid)) {
    throw new IdTokenError('id token issuer does not match the authority');
  }
  if (claims.data.nonce !== expectedNonce) {
    throw new IdTokenError('id token nonce does not match the request');
  }
  const upn = claims.data.preferred_username ?? claims.data.upn ?? claims.data.email;
  if (!upn) {
    throw new IdTokenError('id token names no account');
  }
  return {
    tid: claims.data.tid,
    oid: claims.data.oid,
    upn: upn.toLowerCase(),
    email: claims.data.email?.toLowerCase() ?? null,
    name: claims.data.name ?? null,
  };
}

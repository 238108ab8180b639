import type { StubContext } from '../context.ts';

/** RFC 7662 section 2.2 response; inactive tokens reveal nothing else. */
export type IntrospectionResult =
  | { active: false }
  | {
      active: true;
      email: string;
      upn: string;
      username: string;
      scope: string;
      scp: string;
      exp: number;
      iat: number;
      tid: string;
      oid: string;
      aud: string;
      iss: string;
      sub: string;
      client_id: string;
      token_type: 'Bearer';
    };

const INACTIVE: IntrospectionResult = { active: false };

/**
 * Active means: signed by this stub, an access token (ID tokens have no `scp`), not
 * expired, issued since the last `reset()`, and not revoked or expired by a control.
 */
export async function introspectToken(
  ctx: StubContext,
  token: string | undefined,
): Promise<IntrospectionResult> {
  if (!token) {
    return INACTIVE;
  }
  let claims: Record<string, unknown>;
  try {
    claims = await ctx.key.verify(token);
  } catch {
    return INACTIVE;
  }
  const record = typeof claims.uti === 'string' ? ctx.store.accessTokens.get(claims.uti) : null;
  if (!record || record.inactive || typeof claims.scp !== 'string') {
    return INACTIVE;
  }
  const text = (name: string) => String(claims[name] ?? '');
  return {
    active: true,
    email: text('email'),
    upn: text('upn'),
    username: text('upn'),
    scope: text('scope'),
    scp: text('scp'),
    exp: Number(claims.exp),
    iat: Number(claims.iat),
    tid: text('tid'),
    oid: text('oid'),
    aud: text('aud'),
    iss: text('iss'),
    sub: text('sub'),
    client_id: text('appid'),
    token_type: 'Bearer',
  };
}

/** What the identity stand-in says about a valid token. */
export interface TokenClaims {
  email: string;
  scopes: string[];
  tenantId?: string;
  objectId?: string;
}

export type IntrospectionResult =
  | { active: true; claims: TokenClaims }
  | { active: false; reason: string };

/** The identity stand-in could not be asked; callers answer with a temporary failure. */
export class IntrospectionUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IntrospectionUnavailableError';
  }
}

export function introspectionUrl(identityUrl: string): string {
  return `${identityUrl.replace(/\/+$/, '')}/_stub/introspect`;
}

/**
 * Asks the identity stand-in about a bearer token (RFC 7662, POST with form field `token`), the
 * same call Dovecot's oauth2 passdb makes, so SMTP and POP3 agree on every token.
 */
export async function introspectToken(
  identityUrl: string,
  token: string,
  timeoutMs = 5000,
): Promise<IntrospectionResult> {
  let body: unknown;
  try {
    const response = await fetch(introspectionUrl(identityUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ token }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status >= 500) {
      throw new Error(`introspection answered HTTP ${response.status}`);
    }
    body = await response.json();
  } catch (error) {
    throw new IntrospectionUnavailableError('token introspection failed', { cause: error });
  }
  return readIntrospection(body);
}

/**
 * Applies the checks Dovecot's oauth2 passdb applies in introspection mode, and no more, so a
 * token works for SMTP exactly when it works for POP3. Dovecot does not look at `exp` there:
 * an expired token must be reported with `active: false` (RFC 7662 section 2.2).
 */
export function readIntrospection(body: unknown): IntrospectionResult {
  if (typeof body !== 'object' || body === null) {
    return { active: false, reason: 'introspection reply is not a JSON object' };
  }

  const fields = body as Record<string, unknown>;
  if (fields.active !== true) {
    return { active: false, reason: 'token is not active' };
  }
  if (typeof fields.email !== 'string' || fields.email === '') {
    return { active: false, reason: 'token has no email claim' };
  }

  const claims: TokenClaims = {
    email: fields.email.toLowerCase(),
    // Dovecot's scope check reads `scope` only (not Microsoft's `scp`); so does ours.
    scopes: splitScopes(fields.scope),
    tenantId: typeof fields.tid === 'string' ? fields.tid : undefined,
    objectId: typeof fields.oid === 'string' ? fields.oid : undefined,
  };
  return { active: true, claims };
}

function splitScopes(value: unknown): string[] {
  if (typeof value === 'string') {
    return value.split(/\s+/).filter(Boolean);
  }
  if (Array.isArray(value)) {
    return value.filter((scope): scope is string => typeof scope === 'string');
  }
  return [];
}

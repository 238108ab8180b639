import { AadError } from './errors/aad-error.ts';

/** OpenID Connect scopes: they shape the response, not the access token's audience. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

// A bare scope such as `User.Read` means Microsoft Graph, as on the real platform.
const GRAPH_RESOURCE = 'https://graph.microsoft.com';

/** A parsed `scope` parameter: one resource's permissions plus OIDC scopes. */
export interface ScopeSet {
  oidc: string[];
  /** Audience of the access token, e.g. `https://outlook.office.com`. */
  resource: string;
  /** Short names as they appear in `scp`, e.g. `SMTP.Send`. */
  permissions: string[];
}

/**
 * Parses a space-separated scope list. Like Microsoft, one token serves one resource:
 * mixing resources is AADSTS28000.
 */
export function parseScopes(raw: string | undefined): ScopeSet {
  const items = [...new Set((raw ?? '').split(/\s+/).filter(Boolean))];
  if (items.length === 0) {
    throw new AadError(900144, { param: 'scope' });
  }

  const oidc: string[] = [];
  const permissions: string[] = [];
  const resources = new Set<string>();
  for (const item of items) {
    const lower = item.toLowerCase();
    if ((OIDC_SCOPES as readonly string[]).includes(lower)) {
      oidc.push(lower);
      continue;
    }
    // Known limit: `.default` stays a literal permission name instead of meaning "all that
    // was consented", so a client asking for `.default` gets `scp: .default` here.
    const match = /^(https?:\/\/[^/\s]+)\/([^/\s]+)$/.exec(item);
    resources.add(match?.[1] ?? GRAPH_RESOURCE);
    permissions.push(match?.[2] ?? item);
  }

  if (resources.size > 1) {
    throw new AadError(28000, { scope: items.join(' ') });
  }
  if (permissions.length === 0 && !oidc.includes('openid')) {
    throw new AadError(70011, { scope: items.join(' ') });
  }
  return { oidc, resource: [...resources][0] ?? GRAPH_RESOURCE, permissions };
}

/**
 * Scopes for one token request. A `scope` parameter may narrow the granted set; asking for
 * a permission or resource the user never consented to is AADSTS65001, as on Microsoft.
 */
export function narrowScopes(
  granted: ScopeSet,
  requested: string | undefined,
  consentParams: Record<string, string>,
): ScopeSet {
  if (requested === undefined || requested.trim() === '') {
    return granted;
  }
  const asked = parseScopes(requested);
  const sameResource = asked.permissions.length === 0 || asked.resource === granted.resource;
  const isSubset = asked.permissions.every((name) => granted.permissions.includes(name));
  if (!sameResource || !isSubset) {
    throw new AadError(65001, consentParams);
  }
  const permissions = asked.permissions.length > 0 ? asked.permissions : granted.permissions;
  return { oidc: asked.oidc, resource: granted.resource, permissions };
}

/** The `scp` claim value: short permission names, or the OIDC ones for a sign-in only. */
export function formatScpClaim(scopes: ScopeSet): string {
  if (scopes.permissions.length > 0) {
    return scopes.permissions.join(' ');
  }
  return scopes.oidc.filter((name) => name !== 'offline_access').join(' ');
}

/** The `scope` field of a token response: full permission URIs plus granted OIDC scopes. */
export function formatScopeResponse(scopes: ScopeSet): string {
  const prefix = scopes.resource === GRAPH_RESOURCE ? '' : `${scopes.resource}/`;
  const permissions = scopes.permissions.map((name) => `${prefix}${name}`);
  return [...permissions, ...scopes.oidc].join(' ');
}

export function hasScope(scopes: ScopeSet, name: (typeof OIDC_SCOPES)[number]): boolean {
  return scopes.oidc.includes(name);
}

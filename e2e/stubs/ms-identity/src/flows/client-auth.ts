import { timingSafeEqual } from 'node:crypto';
import { findClient, type StubContext } from '../context.ts';
import { AadError } from '../errors/aad-error.ts';
import type { StubClient } from '../options.ts';
import { isMultiTenantEndpoint, type ResolvedTenant } from '../tenants.ts';

export interface ClientCredentials {
  clientId?: string;
  clientSecret?: string;
}

/**
 * Authenticates a confidential client by `client_secret_post` or `client_secret_basic`.
 * Microsoft checks the app and tenant before the secret, so the order of errors matches.
 */
export function authenticateClient(
  ctx: StubContext,
  tenant: ResolvedTenant,
  authorization: string | undefined,
  body: ClientCredentials,
): StubClient {
  const basic = parseBasicAuth(authorization);
  const clientId = basic?.clientId ?? body.clientId;
  if (!clientId) {
    throw new AadError(900144, { param: 'client_id' });
  }
  const client = findClient(ctx, clientId);
  if (!client) {
    throw new AadError(700016, { clientId, tenant: tenant.name });
  }
  assertTenantAllowed(client, tenant);

  const secret = basic?.clientSecret ?? body.clientSecret;
  if (!secret) {
    throw new AadError(7000218);
  }
  if (!isSameSecret(secret, client.clientSecret)) {
    throw new AadError(7000215, { clientId });
  }
  return client;
}

/** A single-tenant app is only reachable through its own directory. */
export function assertTenantAllowed(client: StubClient, tenant: ResolvedTenant): void {
  if (!client.singleTenantTid) {
    return;
  }
  if (isMultiTenantEndpoint(tenant)) {
    throw new AadError(50194, { clientId: client.clientId, appName: client.displayName });
  }
  if (tenant.tid !== client.singleTenantTid) {
    throw new AadError(700016, { clientId: client.clientId, tenant: tenant.name });
  }
}

// RFC 6749 section 2.3.1: id and secret are form-urlencoded before the Basic encoding.
function parseBasicAuth(header: string | undefined): Required<ClientCredentials> | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match?.[1]) {
    return undefined;
  }
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) {
    return undefined;
  }
  const decodePart = (part: string) => decodeURIComponent(part.replaceAll('+', ' '));
  try {
    return {
      clientId: decodePart(decoded.slice(0, colon)),
      clientSecret: decodePart(decoded.slice(colon + 1)),
    };
  } catch {
    return undefined;
  }
}

function isSameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

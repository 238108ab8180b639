import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { resolveBaseUrl, type StubContext } from '../context.ts';
import { AadError } from '../errors/aad-error.ts';
import { AADSTS, type AadstsCode } from '../errors/aadsts-catalog.ts';
import type { ResolvedTenant } from '../tenants.ts';
import { renderErrorPage } from '../views/error-page.ts';
import { sendAadJson, sendHtml, TenantParamsSchema } from './respond.ts';

/** OpenID discovery, the signing keys, and the page behind each error's `error_uri`. */
export function registerDiscoveryRoutes(app: FastifyInstance, ctx: StubContext): void {
  app.get('/:tenant/v2.0/.well-known/openid-configuration', async (request, reply) => {
    const { tenant: segment } = TenantParamsSchema.parse(request.params);
    const tenant = ctx.tenants.resolve(segment);
    if (!tenant) {
      return sendAadJson(ctx, request, reply, new AadError(90002, { tenant: segment }));
    }
    return buildDiscoveryDocument(resolveBaseUrl(ctx, request), tenant);
  });

  app.get('/:tenant/discovery/v2.0/keys', async (request, reply) => {
    const { tenant: segment } = TenantParamsSchema.parse(request.params);
    const tenant = ctx.tenants.resolve(segment);
    if (!tenant) {
      return sendAadJson(ctx, request, reply, new AadError(90002, { tenant: segment }));
    }
    const issuer = issuerFor(resolveBaseUrl(ctx, request), tenant);
    return { keys: [{ ...ctx.key.publicJwk, issuer }] };
  });

  app.get('/error', async (request, reply) => {
    const { code } = z.object({ code: z.coerce.number().int() }).parse(request.query);
    if (!(code in AADSTS)) {
      return reply.code(404).send({ error: 'not_found' });
    }
    const text = `AADSTS${code}: ${AADSTS[code as AadstsCode].message({})}`;
    return sendHtml(reply, renderErrorPage(text));
  });
}

/**
 * Like Microsoft: `common` and `organizations` publish the literal `{tenantid}` placeholder
 * in their issuer, since each token carries its own directory's issuer.
 */
function issuerFor(baseUrl: string, tenant: ResolvedTenant): string {
  return `${baseUrl}/${tenant.tid ?? '{tenantid}'}/v2.0`;
}

function buildDiscoveryDocument(baseUrl: string, tenant: ResolvedTenant): Record<string, unknown> {
  const path = `${baseUrl}/${tenant.kind === 'directory' ? tenant.tid : tenant.kind}`;
  return {
    token_endpoint: `${path}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    jwks_uri: `${path}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: issuerFor(baseUrl, tenant),
    request_uri_parameter_supported: false,
    authorization_endpoint: `${path}/oauth2/v2.0/authorize`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'email',
    ],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    msgraph_host: 'graph.microsoft.com',
  };
}

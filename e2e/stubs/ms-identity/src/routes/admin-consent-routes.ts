import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findUser, type StubContext } from '../context.ts';
import { type AuthorizeTarget, resolveAuthorizeTarget } from '../flows/authorize-request.ts';
import { sendToClient } from '../flows/redirect.ts';
import { formatScopeResponse, parseScopes } from '../scopes.ts';
import { adminConsentKey, type PendingAuthorization } from '../state/store.ts';
import { showSignIn } from './authorize-routes.ts';
import { handleAuthorizeError, TenantParamsSchema } from './respond.ts';

// A repeated query parameter arrives as an array; take the first, as /authorize does.
const param = z.preprocess(
  (value) => (Array.isArray(value) ? value[0] : value),
  z.string().optional(),
);

const AdminConsentQuerySchema = z.object({
  client_id: param,
  redirect_uri: param,
  scope: param,
  state: param,
});

/**
 * GET /{tenant}/v2.0/adminconsent, Microsoft identity platform v2's admin-consent endpoint:
 * an administrator signs in and consents to the app's scopes for the whole directory. The
 * app gets `admin_consent=True&tenant=…&scope=…&state=…` back, or an error; never a code.
 */
export function registerAdminConsentRoutes(app: FastifyInstance, ctx: StubContext): void {
  app.get('/:tenant/v2.0/adminconsent', async (request, reply) => {
    const { tenant } = TenantParamsSchema.parse(request.params);
    const query = AdminConsentQuerySchema.parse(request.query);

    let target: AuthorizeTarget;
    try {
      target = resolveAuthorizeTarget(ctx, tenant, query);
    } catch (error) {
      return handleAuthorizeError(request, reply, error);
    }
    request.log.info({ clientId: target.client.clientId, tenant }, 'admin consent request');

    try {
      const pending: PendingAuthorization = {
        ...target,
        scopes: parseScopes(query.scope),
        // No code is issued here, so there is no PKCE challenge to bind one to.
        codeChallenge: '',
        adminConsent: true,
        createdAt: Date.now(),
      };
      return showSignIn(ctx, reply, pending);
    } catch (error) {
      return handleAuthorizeError(request, reply, error, target);
    }
  });
}

/** The admin pressed "Akzeptieren": every user of their directory may now use the app. */
export function grantAdminConsent(
  ctx: StubContext,
  request: FastifyRequest,
  reply: FastifyReply,
  pending: PendingAuthorization,
): FastifyReply {
  const admin = findUser(ctx, pending.email);
  if (!admin) {
    throw new Error('admin consent without a signed-in user');
  }
  const scope = formatScopeResponse(pending.scopes);
  ctx.store.adminConsents.set(adminConsentKey(admin.tid, pending.client.clientId), {
    tid: admin.tid,
    clientId: pending.client.clientId,
    scopes: scope.split(' '),
    grantedBy: admin.email,
    grantedAt: Date.now(),
  });
  request.log.info({ clientId: pending.client.clientId, tid: admin.tid }, 'admin consent granted');
  return sendToClient(reply, pending, { admin_consent: 'True', tenant: admin.tid, scope });
}

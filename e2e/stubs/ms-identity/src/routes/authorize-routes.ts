import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { StubContext } from '../context.ts';
import {
  AuthorizeQuerySchema,
  type AuthorizeTarget,
  buildPendingAuthorization,
  resolveAuthorizeTarget,
} from '../flows/authorize-request.ts';
import { buildAadError } from '../flows/injected-failure.ts';
import { type PendingAuthorization, takeInjection } from '../state/store.ts';
import { renderSignInPage } from '../views/sign-in-page.ts';
import { handleAuthorizeError, sendHtml, TenantParamsSchema } from './respond.ts';

/** GET /{tenant}/oauth2/v2.0/authorize: checks the request and shows the sign-in page. */
export function registerAuthorizeRoutes(app: FastifyInstance, ctx: StubContext): void {
  app.get('/:tenant/oauth2/v2.0/authorize', async (request, reply) => {
    const { tenant } = TenantParamsSchema.parse(request.params);
    const query = AuthorizeQuerySchema.parse(request.query);

    let target: AuthorizeTarget;
    try {
      target = resolveAuthorizeTarget(ctx, tenant, query);
    } catch (error) {
      return handleAuthorizeError(request, reply, error);
    }
    request.log.info({ clientId: target.client.clientId, tenant }, 'authorize request');

    try {
      const pending = buildPendingAuthorization(target, query);
      const injected = takeInjection(ctx.store, 'authorize', undefined);
      if (injected !== undefined) {
        throw buildAadError(ctx, injected, { client: target.client });
      }
      return showSignIn(ctx, reply, pending);
    } catch (error) {
      return handleAuthorizeError(request, reply, error, target);
    }
  });
}

/** Keeps the pending request under a fresh id and shows the sign-in form for it. */
export function showSignIn(
  ctx: StubContext,
  reply: FastifyReply,
  pending: PendingAuthorization,
): FastifyReply {
  const requestId = randomBytes(24).toString('base64url');
  ctx.store.pending.set(requestId, pending);
  const html = renderSignInPage({
    action: `/${encodeURIComponent(pending.tenant.segment)}/login`,
    requestId,
    appName: pending.client.displayName,
    email: pending.loginHint,
  });
  return sendHtml(reply, html);
}

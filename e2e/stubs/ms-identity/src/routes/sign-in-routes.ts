import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { findUser, normalizeEmail, type StubContext } from '../context.ts';
import { AadError, createErrorTrace, describeAadError } from '../errors/aad-error.ts';
import { buildAadError } from '../flows/injected-failure.ts';
import { findPending } from '../flows/pending.ts';
import { sendErrorToClient, sendToClient } from '../flows/redirect.ts';
import type { StubUser } from '../options.ts';
import { formatScopeResponse } from '../scopes.ts';
import {
  adminConsentKey,
  createOpaqueToken,
  hashSecret,
  type PendingAuthorization,
  takeInjection,
} from '../state/store.ts';
import { canSignInThrough } from '../tenants.ts';
import { renderConsentPage } from '../views/consent-page.ts';
import { renderSignInPage } from '../views/sign-in-page.ts';
import { grantAdminConsent } from './admin-consent-routes.ts';
import { handleAuthorizeError, sendHtml, traceFor } from './respond.ts';

const SignInBodySchema = z.object({
  ctx: z.string().default(''),
  login: z.string().default(''),
  passwd: z.string().default(''),
});

const ConsentBodySchema = z.object({
  ctx: z.string().default(''),
  action: z.enum(['accept', 'cancel']).optional(),
});

// Real codes are long opaque strings too; the length keeps callback URLs realistic.
const CODE_LENGTH = 720;

/** POST /{tenant}/login (password) and POST /{tenant}/Consent/Set (accept or cancel). */
export function registerSignInRoutes(app: FastifyInstance, ctx: StubContext): void {
  app.post('/:tenant/login', async (request, reply) => {
    const body = SignInBodySchema.parse(request.body ?? {});
    let pending: PendingAuthorization;
    try {
      pending = findPending(ctx, body.ctx);
    } catch (error) {
      return handleAuthorizeError(request, reply, error);
    }

    const user = findUser(ctx, body.login);
    const retry = (error: AadError) => showSignInAgain(reply, body.ctx, pending, body.login, error);
    if (!user || user.password !== body.passwd) {
      request.log.info({ aadsts: 50126 }, 'sign-in refused');
      return retry(new AadError(50126));
    }
    if (!canSignInThrough(pending.tenant, user)) {
      request.log.info({ aadsts: 50020 }, 'sign-in refused');
      const { client, tenant } = pending;
      const app = { clientId: client.clientId, appName: client.displayName };
      const params = { email: user.email, userTid: user.tid, tenant: tenant.name, ...app };
      return retry(new AadError(50020, params));
    }

    const email = normalizeEmail(user.email);
    const injected = takeInjection(ctx.store, 'authorize', email);
    const forOrganization = pending.prompt === 'admin_consent' || pending.adminConsent === true;
    const needsAdmin = (forOrganization || mustAskAdmin(ctx, pending, user)) && !user.isTenantAdmin;
    if (injected !== undefined || needsAdmin) {
      ctx.store.pending.delete(body.ctx);
      const failure = { client: pending.client, email, resource: pending.scopes.resource };
      const error = buildAadError(ctx, injected ?? 90094, failure);
      return handleAuthorizeError(request, reply, error, pending);
    }

    pending.email = email;
    request.log.debug({ email }, 'password accepted');
    const html = renderConsentPage({
      action: `/${encodeURIComponent(pending.tenant.segment)}/Consent/Set`,
      requestId: body.ctx,
      appName: pending.client.displayName,
      email: user.email,
      scopes: formatScopeResponse(pending.scopes).split(' '),
      forOrganization,
    });
    return sendHtml(reply, html);
  });

  app.post('/:tenant/Consent/Set', async (request, reply) => {
    const body = ConsentBodySchema.parse(request.body ?? {});
    let pending: PendingAuthorization;
    try {
      pending = findPending(ctx, body.ctx);
      if (!pending.email || !body.action) {
        throw new AadError(50089);
      }
    } catch (error) {
      return handleAuthorizeError(request, reply, error);
    }
    ctx.store.pending.delete(body.ctx);

    if (body.action === 'cancel') {
      request.log.info({ clientId: pending.client.clientId }, 'consent declined');
      return sendErrorToClient(reply, pending, new AadError(65004), traceFor(request));
    }
    if (pending.adminConsent) {
      return grantAdminConsent(ctx, request, reply, pending);
    }
    const code = createOpaqueToken(CODE_LENGTH);
    ctx.store.codes.set(hashSecret(code), {
      clientId: pending.client.clientId,
      redirectUri: pending.redirectUri,
      scopes: pending.scopes,
      nonce: pending.nonce,
      codeChallenge: pending.codeChallenge,
      email: pending.email,
      issuedAt: Date.now(),
    });
    request.log.info({ clientId: pending.client.clientId }, 'authorization code issued');
    return sendToClient(reply, pending, { code, session_state: randomUUID() });
  });
}

/** A directory that lets only admins consent, and no admin has consented to this app yet. */
function mustAskAdmin(ctx: StubContext, pending: PendingAuthorization, user: StubUser): boolean {
  const consented = ctx.store.adminConsents.has(adminConsentKey(user.tid, pending.client.clientId));
  return ctx.store.adminConsentRequired.has(user.tid) && !consented;
}

function showSignInAgain(
  reply: FastifyReply,
  requestId: string,
  pending: PendingAuthorization,
  email: string,
  error: AadError,
): FastifyReply {
  const headline = describeAadError(error, createErrorTrace()).split('\r\n')[0];
  const html = renderSignInPage({
    action: `/${encodeURIComponent(pending.tenant.segment)}/login`,
    requestId,
    appName: pending.client.displayName,
    email,
    error: `${SIGN_IN_TEXTS[error.code] ?? ''} ${headline}`.trim(),
  });
  return sendHtml(reply, html);
}

const SIGN_IN_TEXTS: Record<number, string> = {
  50126: 'Ihr Konto oder Kennwort ist falsch.',
  50020: 'Dieses Konto gehört nicht zu der Organisation, bei der Sie sich anmelden.',
};

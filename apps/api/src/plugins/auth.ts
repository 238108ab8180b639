import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import { runInTenant } from '@postwerk/db';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { AppDeps } from '../app.ts';
import { AppError } from '../errors.ts';
import { recordAudit } from '../services/audit/audit-log.ts';
import { type AuthContext, resolveSession } from '../services/auth/sessions.ts';
import { registerApiKeyAuth } from './api-key-auth.ts';

export const SESSION_COOKIE = 'pw_session';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Session cookie, CSRF protection and the `request.auth` context.
 * The cookie is HttpOnly and SameSite=Lax: Lax (not Strict) because the Microsoft sign-in
 * returns to us by a top-level redirect, which must still carry the session.
 * CSRF uses the double-submit pattern of @fastify/csrf-protection: a signed secret cookie
 * plus a token the portal sends in the `x-csrf-token` header on every state change.
 */
export async function registerAuth(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(fastifyCookie, { secret: deps.env.COOKIE_SECRET });
  await app.register(fastifyCsrf, {
    cookieOpts: { httpOnly: true, sameSite: 'lax', path: '/', signed: true },
    getToken: (request) => request.headers['x-csrf-token'] as string | undefined,
  });

  // First, so that a request with an API key is judged by the key alone (no session, no CSRF).
  registerApiKeyAuth(app, deps);
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request, reply) => {
    if (request.apiKey) {
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      request.auth = (await resolveSession(deps.prisma, token, deps.env.SESSION_TTL_HOURS)) ?? null;
    }
    if (request.auth?.impersonationExpired) {
      throw new AppError(
        'IMPERSONATION_EXPIRED',
        'Die Support-Sitzung ist abgelaufen und wurde beendet. Starten Sie bei Bedarf eine neue.',
      );
    }
    if (UNSAFE_METHODS.has(request.method) && !request.routeOptions.config.skipCsrf) {
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve()));
      });
    }
    assertImpersonationMayChange(request);
  });

  // Every handler runs with the database pinned to the tenant the caller acts for, so a
  // query that forgets its tenant filter still sees only that tenant (row-level security).
  app.addHook('onRoute', (route) => {
    const handler = route.handler as RouteHandlerMethod;
    route.handler = function scopedHandler(this: FastifyInstance, request, reply) {
      const tenantId = request.apiKey?.tenantId ?? actingTenantOf(request.auth);
      const run = () => handler.call(this, request, reply);
      return tenantId ? runInTenant(tenantId, run) : run();
    } as RouteHandlerMethod;
  });

  app.addHook('onResponse', async (request, reply) => {
    const impersonation = request.auth?.impersonation;
    const changed = changesState(request) && reply.statusCode < 400;
    if (!impersonation || !changed || request.routeOptions.config.impersonationControl) {
      return;
    }
    // Known limit: the audit row is written after the change committed, in its own
    // transaction; if this write fails the change stands unaudited (logged as an error).
    await recordAudit(deps.prisma, {
      tenantId: impersonation.tenantId,
      actorUserId: impersonation.supportUserId,
      action: 'support.impersonation.change',
      reason: impersonation.reason,
      targetType: 'route',
      targetId: request.routeOptions.url ?? request.url,
      details: {
        impersonationId: impersonation.id,
        method: request.method,
        url: request.url.split('?')[0] ?? request.url,
        statusCode: reply.statusCode,
      },
    }).catch((err: unknown) => {
      request.log.error({ err, impersonationId: impersonation.id }, 'audit write failed');
    });
  });
}

/** The tenant a request acts for: the impersonated one, or a firm admin's own. */
export function actingTenantOf(auth: AuthContext | null): string | null {
  if (!auth) {
    return null;
  }
  if (auth.impersonation) {
    return auth.impersonation.tenantId;
  }
  return auth.role === 'FIRM_ADMIN' ? auth.tenantId : null;
}

function changesState(request: FastifyRequest): boolean {
  return UNSAFE_METHODS.has(request.method) || request.routeOptions.config.changesState === true;
}

function assertImpersonationMayChange(request: FastifyRequest): void {
  const impersonation = request.auth?.impersonation;
  if (!impersonation?.readOnly || !changesState(request)) {
    return;
  }
  if (request.routeOptions.config.impersonationControl) {
    return;
  }
  throw new AppError(
    'IMPERSONATION_READ_ONLY',
    'Die Support-Sitzung ist schreibgeschützt. Für Änderungen zuerst „Änderungen erlauben“ ' +
      'wählen (wird protokolliert).',
  );
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Routes that authenticate by other means (e.g. a consent-link token) skip CSRF. */
    skipCsrf?: boolean;
    /**
     * Routes that start, step up or end an impersonation (or sign out): allowed while it is
     * read-only, and not recorded as a change made for the tenant.
     */
    impersonationControl?: boolean;
    /** A GET that still changes something (e.g. starts a Microsoft sign-in): read-only refuses it. */
    changesState?: boolean;
  }
}

/**
 * The tenant a firm admin acts for, or the tenant a support user impersonates (read-only
 * unless stepped up, enforced in the onRequest hook); 401 when signed out, 403 otherwise.
 */
export function requireTenantAdmin(request: FastifyRequest): AuthContext & { tenantId: string } {
  const auth = requireSignedIn(request);
  if (auth.impersonation) {
    return { ...auth, tenantId: auth.impersonation.tenantId };
  }
  if (auth.role !== 'FIRM_ADMIN' || !auth.tenantId) {
    throw new AppError('AUTH_FORBIDDEN', 'Dafür fehlen Ihnen die Rechte.');
  }
  return { ...auth, tenantId: auth.tenantId };
}

/**
 * The tenant a machine route (see MACHINE_ROUTES in api-key-auth.ts) acts for: the API key's,
 * or that of a firm admin or impersonating support in the portal, as requireTenantAdmin.
 */
export function requireTenantCaller(request: FastifyRequest): { tenantId: string } {
  if (request.apiKey) {
    return { tenantId: request.apiKey.tenantId };
  }
  return requireTenantAdmin(request);
}

/** A firm admin in person: decisions about support access are never made by support. */
export function requireFirmAdminInPerson(
  request: FastifyRequest,
): AuthContext & { tenantId: string } {
  const auth = requireSignedIn(request);
  if (auth.role !== 'FIRM_ADMIN' || !auth.tenantId || auth.impersonation) {
    throw new AppError('AUTH_FORBIDDEN', 'Dafür fehlen Ihnen die Rechte.');
  }
  return { ...auth, tenantId: auth.tenantId };
}

/** A vendor support user (impersonating or not). */
export function requireSupport(request: FastifyRequest): AuthContext {
  const auth = requireSignedIn(request);
  if (auth.role !== 'SUPPORT') {
    throw new AppError('AUTH_FORBIDDEN', 'Dafür fehlen Ihnen die Rechte.');
  }
  return auth;
}

function requireSignedIn(request: FastifyRequest): AuthContext {
  if (!request.auth) {
    throw new AppError('AUTH_REQUIRED', 'Bitte melden Sie sich an.');
  }
  return request.auth;
}

export function setSessionCookie(
  reply: FastifyReply,
  deps: AppDeps,
  token: string,
  expiresAt: Date,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.env.COOKIE_SECURE,
    path: '/',
    expires: expiresAt,
  });
}

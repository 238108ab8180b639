import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app.ts';
import { AppError } from '../errors.ts';
import { type AuthContext, resolveSession } from '../services/auth/sessions.ts';

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

  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      request.auth = (await resolveSession(deps.prisma, token, deps.env.SESSION_TTL_HOURS)) ?? null;
    }
    if (UNSAFE_METHODS.has(request.method) && !request.routeOptions.config.skipCsrf) {
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve()));
      });
    }
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Routes that authenticate by other means (e.g. a consent-link token) skip CSRF. */
    skipCsrf?: boolean;
  }
}

/** The tenant a firm admin acts for; 401 when signed out, 403 for other roles. */
export function requireTenantAdmin(request: FastifyRequest): AuthContext & { tenantId: string } {
  const auth = request.auth;
  if (!auth) {
    throw new AppError('AUTH_REQUIRED', 'Bitte melden Sie sich an.');
  }
  if (auth.role !== 'FIRM_ADMIN' || !auth.tenantId) {
    throw new AppError('AUTH_FORBIDDEN', 'Dafür fehlen Ihnen die Rechte.');
  }
  return { ...auth, tenantId: auth.tenantId };
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

import rateLimit from '@fastify/rate-limit';
import { runAsSystem } from '@postwerk/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { SESSION_COOKIE, setSessionCookie } from '../../plugins/auth.ts';
import { type AuthContext, createSession, deleteSession } from '../../services/auth/sessions.ts';
import { verifyCredentials } from '../../services/auth/sign-in.ts';
import { endImpersonation } from '../../services/support/impersonation-state.ts';

const SessionUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['FIRM_ADMIN', 'SUPPORT']),
  tenant: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }).nullable(),
});

// What the portal needs for the support banner: whom, why, read-only or not, time left.
const ImpersonationBanner = z.object({
  id: z.uuid(),
  tenant: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  reason: z.string(),
  readOnly: z.boolean(),
  startedAt: z.date(),
  expiresAt: z.date(),
  secondsLeft: z.number().int().min(0),
});

const SessionReply = z.object({
  user: SessionUser.nullable(),
  impersonation: ImpersonationBanner.nullable().default(null),
  csrfToken: z.string(),
});

export function authRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(rateLimit, {
      global: false,
      redis: deps.redis,
      nameSpace: 'postwerk-rate-limit:',
      // After parsing, so the key can include the e-mail from the body.
      hook: 'preHandler',
    });

    app.get(
      '/session',
      { schema: { tags: ['auth'], response: { 200: SessionReply } } },
      async (request, reply) => {
        const csrfToken = reply.generateCsrf();
        if (!request.auth) {
          return { user: null, impersonation: null, csrfToken };
        }
        return {
          user: await loadSessionUser(deps, request.auth.userId),
          impersonation: bannerOf(request.auth),
          csrfToken,
        };
      },
    );

    app.post(
      '/login',
      {
        config: {
          rateLimit: {
            max: deps.env.LOGIN_RATE_LIMIT_PER_MINUTE,
            timeWindow: 60_000,
            // Per e-mail, not per address: behind the portal's proxy the client address comes
            // from X-Forwarded-For, which a client can vary at will; the account cannot.
            // Known limit: guessing one password each for many accounts is not slowed down.
            keyGenerator: (request) => emailOf(request.body),
          },
        },
        schema: {
          tags: ['auth'],
          body: z.object({ email: z.string().trim().min(1), password: z.string().min(1) }),
          response: { 200: SessionReply },
        },
      },
      async (request, reply) => {
        const user = await verifyCredentials(
          deps.prisma,
          request.body.email,
          request.body.password,
        );
        const session = await createSession(deps.prisma, user.id, deps.env.SESSION_TTL_HOURS);
        setSessionCookie(reply, deps, session.token, session.expiresAt);
        request.log.info({ userId: user.id, role: user.role }, 'signed in');
        return {
          user: await loadSessionUser(deps, user.id),
          impersonation: null,
          csrfToken: reply.generateCsrf(),
        };
      },
    );

    app.post(
      '/logout',
      {
        config: { impersonationControl: true },
        schema: { tags: ['auth'], response: { 204: z.null() } },
      },
      async (request, reply) => {
        if (request.auth?.impersonation) {
          await endImpersonation(deps.prisma, request.auth.impersonation, 'SIGNED_OUT');
        }
        if (request.auth) {
          await deleteSession(deps.prisma, request.auth.sessionId);
        }
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );
  };
}

async function loadSessionUser(
  deps: AppDeps,
  userId: string,
): Promise<z.infer<typeof SessionUser>> {
  // The signed-in user's own row and tenant, found by the id of a resolved session.
  const user = await runAsSystem('session', () =>
    deps.prisma.portalUser.findUnique({ where: { id: userId }, include: { tenant: true } }),
  );
  if (!user) {
    throw new AppError('AUTH_REQUIRED', 'Bitte melden Sie sich an.');
  }
  const tenant = user.tenant
    ? { id: user.tenant.id, slug: user.tenant.slug, name: user.tenant.name }
    : null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, tenant };
}

function bannerOf(auth: AuthContext): z.infer<typeof ImpersonationBanner> | null {
  const impersonation = auth.impersonation;
  if (!impersonation) {
    return null;
  }
  const { tenantId, tenantSlug, tenantName } = impersonation;
  return {
    id: impersonation.id,
    tenant: { id: tenantId, slug: tenantSlug, name: tenantName },
    reason: impersonation.reason,
    readOnly: impersonation.readOnly,
    startedAt: impersonation.startedAt,
    expiresAt: impersonation.expiresAt,
    secondsLeft: Math.max(0, Math.floor((impersonation.expiresAt.getTime() - Date.now()) / 1000)),
  };
}

function emailOf(body: unknown): string {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { StubContext } from '../context.ts';
import {
  EmailBodySchema,
  FailNextSchema,
  type StubControls,
  TenantBodySchema,
} from '../state/controls.ts';
import { introspectToken } from '../tokens/introspect.ts';

const IntrospectBodySchema = z.object({ token: z.string().optional() }).loose();

const IntrospectQuerySchema = z.object({
  token: z.string().optional(),
  access_token: z.string().optional(),
});

/**
 * Test controls and token introspection under `/_stub/`. Microsoft has neither; the mail
 * servers of the test stack call introspection in place of Exchange Online's checks.
 */
export function registerControlRoutes(
  app: FastifyInstance,
  ctx: StubContext,
  controls: StubControls,
): void {
  app.post('/_stub/fail-next', async (request, reply) => {
    controls.failNext(FailNextSchema.parse(request.body));
    return reply.code(204).send();
  });
  app.post('/_stub/expire-refresh-tokens', async (request) => {
    const { email } = EmailBodySchema.parse(request.body);
    return { expired: controls.expireRefreshTokens(email) };
  });
  app.post('/_stub/revoke', async (request, reply) => {
    controls.revoke(EmailBodySchema.parse(request.body).email);
    return reply.code(204).send();
  });
  app.post('/_stub/expire-access-tokens', async (request) => {
    const { email } = EmailBodySchema.parse(request.body);
    return { expired: controls.expireAccessTokens(email) };
  });
  app.post('/_stub/require-admin-consent', async (request, reply) => {
    const { tenant } = TenantBodySchema.parse(request.body);
    if (!ctx.tenants.resolve(tenant)?.tid) {
      return reply.code(400).send({ error: 'unknown_tenant' });
    }
    controls.requireAdminConsent(tenant);
    return reply.code(204).send();
  });
  app.get('/_stub/admin-consents', async () => controls.adminConsents());
  app.get('/_stub/stats', async () => controls.stats());
  app.post('/_stub/reset', async (_request, reply) => {
    controls.reset();
    return reply.code(204).send();
  });
  app.get('/_stub/public-key.pem', async (_request, reply) => {
    return reply.type('application/x-pem-file').send(controls.publicKeyPem());
  });
  app.get('/_stub/health', async () => ({ ok: true }));

  // Dovecot's introspection modes: `post` sends a form field `token`, `auth` a GET with a
  // Bearer header, `get` a GET with the token appended to the configured URL.
  app.post('/_stub/introspect', async (request, reply) => {
    const body = IntrospectBodySchema.safeParse(request.body ?? {});
    const token = (body.success ? body.data.token : undefined) ?? bearerOf(request.headers);
    return reply.header('cache-control', 'no-store').send(await introspectToken(ctx, token));
  });
  app.get('/_stub/introspect', async (request, reply) => {
    const query = IntrospectQuerySchema.parse(request.query);
    const token = bearerOf(request.headers) ?? query.token ?? query.access_token;
    return reply.header('cache-control', 'no-store').send(await introspectToken(ctx, token));
  });
  app.get('/_stub/introspect/:token', async (request, reply) => {
    const { token } = z.object({ token: z.string() }).parse(request.params);
    return reply.header('cache-control', 'no-store').send(await introspectToken(ctx, token));
  });
}

function bearerOf(headers: { authorization?: string }): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

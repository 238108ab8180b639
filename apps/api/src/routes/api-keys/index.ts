import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { requireFirmAdminInPerson } from '../../plugins/auth.ts';
import { ApiKeyService } from '../../services/api-keys/api-key-service.ts';

const tags = ['api-keys'];
const ApiKeyReply = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdBy: z.object({ name: z.string() }).nullable(),
});

/**
 * API keys for other vendor software (see MACHINE_ROUTES in plugins/api-key-auth.ts for what
 * a key may do). Only a firm admin in person manages them, never support acting for the
 * tenant: a key is a secret that opens the tenant's mailboxes.
 */
export function apiKeyRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const service = new ApiKeyService(deps.prisma);

  return async (app) => {
    app.get('/', { schema: { tags, response: { 200: z.array(ApiKeyReply) } } }, (request) =>
      service.list(requireFirmAdminInPerson(request).tenantId),
    );

    app.post(
      '/',
      {
        schema: {
          tags,
          description: 'Creates a key. The reply is the only place the whole key ever appears.',
          body: z.object({ name: z.string().trim().min(1).max(100) }),
          response: { 201: ApiKeyReply.extend({ key: z.string() }) },
        },
      },
      async (request, reply) => {
        const auth = requireFirmAdminInPerson(request);
        const created = await service.create(auth.tenantId, auth.userId, request.body.name);
        request.log.info({ apiKeyId: created.id, prefix: created.prefix }, 'api key created');
        return reply.status(201).send(created);
      },
    );

    app.delete(
      '/:id',
      { schema: { tags, params: z.object({ id: z.uuid() }), response: { 204: z.null() } } },
      async (request, reply) => {
        const auth = requireFirmAdminInPerson(request);
        await service.revoke(auth.tenantId, auth.userId, request.params.id);
        request.log.info({ apiKeyId: request.params.id }, 'api key revoked');
        return reply.status(204).send(null);
      },
    );
  };
}

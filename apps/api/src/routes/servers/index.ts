import type { ServerRole } from '@postwerk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { requireTenantAdmin } from '../../plugins/auth.ts';
import { ServerService } from '../../services/servers/server-service.ts';
import { IdParams, ServerBody, ServerReply } from './schemas.ts';

/** CRUD for outgoing (SMTP) or incoming (POP3) servers of the signed-in tenant. */
export function serverRoutes(deps: AppDeps, role: ServerRole): FastifyPluginAsyncZod {
  const tags = [role === 'outgoing' ? 'outgoing servers' : 'incoming servers'];
  const service = new ServerService(deps.prisma, deps.secretBox, role);

  return async (app) => {
    app.get('/', { schema: { tags, response: { 200: z.array(ServerReply) } } }, (request) =>
      service.list(requireTenantAdmin(request).tenantId),
    );

    app.get(
      '/:id',
      { schema: { tags, params: IdParams, response: { 200: ServerReply } } },
      (request) => service.get(requireTenantAdmin(request).tenantId, request.params.id),
    );

    app.post(
      '/',
      { schema: { tags, body: ServerBody, response: { 201: ServerReply } } },
      async (request, reply) => {
        const server = await service.create(requireTenantAdmin(request).tenantId, request.body);
        return reply.status(201).send(server);
      },
    );

    app.put(
      '/:id',
      { schema: { tags, params: IdParams, body: ServerBody, response: { 200: ServerReply } } },
      (request) =>
        service.update(requireTenantAdmin(request).tenantId, request.params.id, request.body),
    );

    app.delete(
      '/:id',
      { schema: { tags, params: IdParams, response: { 204: z.null() } } },
      async (request, reply) => {
        await service.remove(requireTenantAdmin(request).tenantId, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}

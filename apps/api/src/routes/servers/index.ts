import type { ServerRole } from '@postwerk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { requireTenantAdmin } from '../../plugins/auth.ts';
import type { Queues } from '../../plugins/queues.ts';
import { PollScheduler } from '../../services/polling/poll-scheduler.ts';
import { ServerService } from '../../services/servers/server-service.ts';
import { IdParams, ServerBody, ServerReply } from './schemas.ts';

/** CRUD for outgoing (SMTP) or incoming (POP3) servers of the signed-in tenant. */
export function serverRoutes(
  deps: AppDeps,
  queues: Queues,
  role: ServerRole,
): FastifyPluginAsyncZod {
  const tags = [role === 'outgoing' ? 'outgoing servers' : 'incoming servers'];
  const service = new ServerService(deps.prisma, deps.secretBox, role);
  const polling = new PollScheduler(deps.prisma, queues);

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
      async (request) => {
        const { tenantId } = requireTenantAdmin(request);
        const server = await service.update(tenantId, request.params.id, request.body);
        // Whether a mailbox is polled depends on its incoming server's login (a Microsoft
        // login needs a live link), so a changed server may start or stop polls.
        if (role === 'incoming') {
          await polling.syncTenant(tenantId);
        }
        return server;
      },
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

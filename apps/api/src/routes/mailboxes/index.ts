import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { requireTenantAdmin } from '../../plugins/auth.ts';
import type { Queues } from '../../plugins/queues.ts';
import { MailboxService } from '../../services/mailboxes/mailbox-service.ts';
import { PollScheduler } from '../../services/polling/poll-scheduler.ts';
import { MailboxBody, MailboxReply, toMailboxReply } from './schemas.ts';

const tags = ['mailboxes'];
const IdParams = z.object({ id: z.uuid() });

/** CRUD for employees and public mailboxes of the signed-in tenant. */
export function mailboxRoutes(deps: AppDeps, queues: Queues): FastifyPluginAsyncZod {
  const service = new MailboxService(deps.prisma, deps.env.RELAY_DOMAIN);
  const polling = new PollScheduler(deps.prisma, queues);

  return async (app) => {
    app.get('/', { schema: { tags, response: { 200: z.array(MailboxReply) } } }, async (request) =>
      (await service.list(requireTenantAdmin(request).tenantId)).map(toMailboxReply),
    );

    app.get(
      '/:id',
      { schema: { tags, params: IdParams, response: { 200: MailboxReply } } },
      async (request) =>
        toMailboxReply(await service.get(requireTenantAdmin(request).tenantId, request.params.id)),
    );

    app.post(
      '/',
      { schema: { tags, body: MailboxBody, response: { 201: MailboxReply } } },
      async (request, reply) => {
        const { tenantId } = requireTenantAdmin(request);
        const row = await service.create(tenantId, request.body);
        await polling.syncMailbox(tenantId, row.id);
        return reply.status(201).send(toMailboxReply(row));
      },
    );

    app.put(
      '/:id',
      { schema: { tags, params: IdParams, body: MailboxBody, response: { 200: MailboxReply } } },
      async (request) => {
        const { tenantId } = requireTenantAdmin(request);
        const row = await service.update(tenantId, request.params.id, request.body);
        await polling.syncMailbox(tenantId, row.id);
        return toMailboxReply(row);
      },
    );

    app.delete(
      '/:id',
      { schema: { tags, params: IdParams, response: { 204: z.null() } } },
      async (request, reply) => {
        await service.remove(requireTenantAdmin(request).tenantId, request.params.id);
        await polling.removeMailbox(request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}

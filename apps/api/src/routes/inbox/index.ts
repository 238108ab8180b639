import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { requireTenantCaller } from '../../plugins/auth.ts';
import { InboxService } from '../../services/inbox/inbox-service.ts';

const tags = ['inbox'];
const Params = z.object({ id: z.uuid() });
const MessageParams = Params.extend({ messageId: z.uuid() });
const ListItem = z.object({
  id: z.uuid(),
  mailboxId: z.uuid(),
  size: z.number(),
  messageId: z.string().nullable(),
  subject: z.string().nullable(),
  fromAddress: z.string().nullable(),
  fromName: z.string().nullable(),
  sentDate: z.date().nullable(),
  receivedAt: z.date(),
});
const MessageView = ListItem.extend({
  headers: z.array(z.object({ key: z.string(), value: z.string() })),
  text: z.string().nullable(),
  attachments: z.array(
    z.object({ filename: z.string().nullable(), contentType: z.string(), size: z.number() }),
  ),
});

/** The Posteingang: what the workers fetched for a mailbox. */
export function inboxRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const service = new InboxService(deps.prisma);

  return async (app) => {
    app.get(
      '/mailboxes/:id/inbox',
      {
        schema: {
          tags,
          params: Params,
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            before: z.coerce.date().optional(),
          }),
          response: { 200: z.array(ListItem) },
        },
      },
      (request) =>
        service.list(
          requireTenantCaller(request).tenantId,
          request.params.id,
          request.query.limit,
          request.query.before,
        ),
    );

    app.get(
      '/mailboxes/:id/inbox/:messageId',
      { schema: { tags, params: MessageParams, response: { 200: MessageView } } },
      (request) =>
        service.read(
          requireTenantCaller(request).tenantId,
          request.params.id,
          request.params.messageId,
        ),
    );

    app.get(
      '/mailboxes/:id/inbox/:messageId/raw',
      { schema: { tags, params: MessageParams } },
      async (request, reply) => {
        const { tenantId } = requireTenantCaller(request);
        const raw = await service.raw(tenantId, request.params.id, request.params.messageId);
        return reply
          .header('content-type', 'message/rfc822')
          .header('content-disposition', `attachment; filename="${request.params.messageId}.eml"`)
          .send(raw);
      },
    );
  };
}

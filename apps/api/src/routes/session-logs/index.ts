import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { requireTenantAdmin } from '../../plugins/auth.ts';
import { SessionLogService } from '../../services/session-logs/session-log-service.ts';

const tags = ['session logs'];
const Protocol = z.enum(['SMTP', 'POP3']);
const Summary = z.object({
  id: z.uuid(),
  mailboxId: z.uuid().nullable(),
  protocol: Protocol,
  host: z.string(),
  outcome: z.string().nullable(),
  startedAt: z.date(),
  endedAt: z.date().nullable(),
  lineCount: z.number(),
});
const Detail = Summary.omit({ lineCount: true }).extend({
  lines: z.array(
    z.object({
      at: z.date(),
      direction: z.enum(['CLIENT', 'SERVER', 'INFO']),
      text: z.string(),
    }),
  ),
});

/** The Protokolle: SMTP and POP3 sessions, line by line, credentials already redacted. */
export function sessionLogRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const service = new SessionLogService(deps.prisma);

  return async (app) => {
    app.get(
      '/session-logs',
      {
        schema: {
          tags,
          querystring: z.object({
            mailboxId: z.uuid().optional(),
            protocol: Protocol.optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.array(Summary) },
        },
      },
      async (request) => {
        const logs = await service.list(requireTenantAdmin(request).tenantId, request.query);
        return logs.map(({ _count, ...log }) => ({ ...log, lineCount: _count.lines }));
      },
    );

    app.get(
      '/session-logs/:id',
      { schema: { tags, params: z.object({ id: z.uuid() }), response: { 200: Detail } } },
      (request) => service.read(requireTenantAdmin(request).tenantId, request.params.id),
    );

    app.get(
      '/session-logs/:id/text',
      { schema: { tags, params: z.object({ id: z.uuid() }) } },
      async (request, reply) => {
        const text = await service.renderText(
          requireTenantAdmin(request).tenantId,
          request.params.id,
        );
        return reply
          .header('content-type', 'text/plain; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="protokoll-${request.params.id}.txt"`,
          )
          .send(text);
      },
    );
  };
}

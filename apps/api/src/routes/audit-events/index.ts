import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { requireTenantAdmin } from '../../plugins/auth.ts';
import { listAuditEvents } from '../../services/audit/audit-log.ts';

const AuditEventReply = z.object({
  id: z.uuid(),
  action: z.string(),
  reason: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
  actor: z
    .object({ id: z.uuid(), name: z.string(), role: z.enum(['FIRM_ADMIN', 'SUPPORT']) })
    .nullable(),
});

/**
 * The tenant's audit log, newest first. Read-only by design: there is no route that changes
 * or deletes an audit row, and the database role could not do it either.
 */
export function auditEventRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/',
      {
        schema: {
          tags: ['audit'],
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
          response: { 200: z.object({ events: z.array(AuditEventReply) }) },
        },
      },
      async (request) => {
        const { tenantId } = requireTenantAdmin(request);
        return { events: await listAuditEvents(deps.prisma, tenantId, request.query.limit) };
      },
    );
  };
}

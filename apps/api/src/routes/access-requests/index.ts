import { runInTenant } from '@postwerk/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { requireFirmAdminInPerson, requireTenantAdmin } from '../../plugins/auth.ts';
import { recordAudit } from '../../services/audit/audit-log.ts';
import { AccessRequestService } from '../../services/support/access-requests.ts';
import { AccessRequestReply } from './schemas.ts';

const tags = ['support'];
const Policy = z.object({ requireSupportApproval: z.boolean() });

/**
 * The firm admin's side of support access: whether support needs approval, and the
 * requests to approve or decline. Decisions are never made while impersonating.
 */
export function accessRequestRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const service = new AccessRequestService(deps.prisma);

  return async (app) => {
    app.get(
      '/',
      { schema: { tags, response: { 200: z.object({ requests: z.array(AccessRequestReply) }) } } },
      async (request) => {
        const { tenantId } = requireTenantAdmin(request);
        return { requests: await service.list({ tenantId }) };
      },
    );

    for (const decision of ['approve', 'decline'] as const) {
      app.post(
        `/:id/${decision}`,
        { schema: { tags, params: z.object({ id: z.uuid() }), response: { 204: z.null() } } },
        async (request, reply) => {
          const auth = requireFirmAdminInPerson(request);
          await service.decide(
            auth.tenantId,
            request.params.id,
            auth.userId,
            decision === 'approve',
          );
          return reply.status(204).send(null);
        },
      );
    }

    app.get('/policy', { schema: { tags, response: { 200: Policy } } }, async (request) => {
      const { tenantId } = requireTenantAdmin(request);
      const tenant = await deps.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId } });
      return { requireSupportApproval: tenant.requireSupportApproval };
    });

    app.put(
      '/policy',
      { schema: { tags, body: Policy, response: { 200: Policy } } },
      async (request) => {
        const auth = requireFirmAdminInPerson(request);
        const { requireSupportApproval } = request.body;
        await runInTenant(auth.tenantId, () =>
          deps.prisma.tenant.update({
            where: { id: auth.tenantId },
            data: { requireSupportApproval },
          }),
        );
        await recordAudit(deps.prisma, {
          tenantId: auth.tenantId,
          actorUserId: auth.userId,
          action: 'support.policy.changed',
          details: { requireSupportApproval },
        });
        return { requireSupportApproval };
      },
    );
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { requireTenantAdmin } from '../../plugins/auth.ts';
import { CompanyService } from '../../services/companies/company-service.ts';
import { deliverabilityRoutes } from './deliverability.ts';

const tags = ['companies'];
const IdParams = z.object({ id: z.uuid() });
const CompanyBody = z.object({
  name: z.string().trim().min(1).max(200),
  domains: z.array(z.string().max(253)).max(20).default([]),
});
const CompanyReply = z.object({
  id: z.uuid(),
  name: z.string(),
  domains: z.array(z.string()),
  createdAt: z.date(),
});

/** CRUD for the companies (Firmen) of the signed-in tenant. */
export function companyRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const service = new CompanyService(deps.prisma);

  return async (app) => {
    app.get('/', { schema: { tags, response: { 200: z.array(CompanyReply) } } }, (request) =>
      service.list(requireTenantAdmin(request).tenantId),
    );

    app.get(
      '/:id',
      { schema: { tags, params: IdParams, response: { 200: CompanyReply } } },
      (request) => service.get(requireTenantAdmin(request).tenantId, request.params.id),
    );

    app.post(
      '/',
      { schema: { tags, body: CompanyBody, response: { 201: CompanyReply } } },
      async (request, reply) => {
        const company = await service.create(requireTenantAdmin(request).tenantId, request.body);
        return reply.status(201).send(company);
      },
    );

    app.put(
      '/:id',
      { schema: { tags, params: IdParams, body: CompanyBody, response: { 200: CompanyReply } } },
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

    await app.register(deliverabilityRoutes(deps));
  };
}

import { listTenantOverview, VERDICTS } from '@postwerk/deliverability';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { requireTenantAdmin } from '../../plugins/auth.ts';

const Verdict = z.enum(VERDICTS);
const OverviewEntry = z.object({
  companyId: z.uuid(),
  companyName: z.string(),
  domain: z.string(),
  route: z.enum(['RELAY', 'MICROSOFT_365', 'OTHER_SMTP']),
  serverHost: z.string().nullable(),
  verdict: Verdict,
  checkedAt: z.date(),
  previousVerdict: Verdict.nullable(),
  changed: z.boolean(),
});

/** The tenant-wide deliverability overview for the dashboard, changes first. */
export function deliverabilityOverviewRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/deliverability',
      { schema: { tags: ['companies'], response: { 200: z.array(OverviewEntry) } } },
      async (request) => {
        const entries = await listTenantOverview(deps.prisma, requireTenantAdmin(request).tenantId);
        return entries.sort((a, b) => Number(b.changed) - Number(a.changed));
      },
    );
  };
}

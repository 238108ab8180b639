import {
  type CheckView,
  CompanyNotFoundError,
  createDnsLookup,
  type DeliverabilityDeps,
  FindingSchema,
  listLatestChecks,
  runDeliverabilityChecks,
  summarize,
  VERDICTS,
} from '@postwerk/deliverability';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { requireTenantAdmin } from '../../plugins/auth.ts';

const tags = ['companies'];
const IdParams = z.object({ id: z.uuid() });
const Verdict = z.enum(VERDICTS);

const CheckReply = z.object({
  id: z.uuid(),
  route: z.enum(['RELAY', 'MICROSOFT_365', 'OTHER_SMTP']),
  /** The outgoing server for OTHER_SMTP, otherwise null. */
  serverHost: z.string().nullable(),
  verdict: Verdict,
  /** One German sentence for the verdict. */
  summary: z.string(),
  checkedAt: z.date(),
  findings: z.array(FindingSchema),
  /** Only after a run: the last verdict other than ERROR before it, and whether it changed. */
  previousVerdict: Verdict.nullable().optional(),
  changed: z.boolean().optional(),
});
const DomainReply = z.object({
  companyDomainId: z.uuid(),
  domain: z.string(),
  checks: z.array(CheckReply),
});
const LatestReply = z.object({ domains: z.array(DomainReply) });
const RunReply = z.object({
  checkedAt: z.date(),
  changed: z.boolean(),
  domains: z.array(DomainReply),
});

/** SPF, DKIM, DMARC and MX checks of a company's mail domains for their sending routes. */
export function deliverabilityRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const lookup = createDnsLookup({
    servers: deps.env.DNS_SERVERS,
    timeoutMs: deps.env.DNS_TIMEOUT_MS,
    tries: deps.env.DNS_TRIES,
  });

  return async (app) => {
    app.get(
      '/:id/deliverability',
      { schema: { tags, params: IdParams, response: { 200: LatestReply } } },
      async (request) => {
        const { tenantId } = requireTenantAdmin(request);
        const domains = await listLatestChecks(deps.prisma, tenantId, request.params.id).catch(
          rethrowAsAppError,
        );
        return { domains: domains.map((d) => ({ ...d, checks: d.checks.map(toReply) })) };
      },
    );

    // Known limit: the run happens within the request. With many domains and a slow DNS it
    // takes DNS_TIMEOUT_MS × DNS_TRIES per unanswered query before the reply comes.
    app.post(
      '/:id/deliverability',
      { schema: { tags, params: IdParams, response: { 200: RunReply } } },
      async (request) => {
        const { tenantId } = requireTenantAdmin(request);
        const runDeps: DeliverabilityDeps = {
          prisma: deps.prisma,
          lookup,
          relayDomain: deps.env.RELAY_DOMAIN,
          log: request.log,
        };
        const run = await runDeliverabilityChecks(runDeps, tenantId, request.params.id).catch(
          rethrowAsAppError,
        );
        return {
          checkedAt: run.checkedAt,
          changed: run.changed,
          domains: run.domains.map((d) => ({ ...d, checks: d.checks.map(toReply) })),
        };
      },
    );
  };
}

function toReply<T extends CheckView>(check: T) {
  return { ...check, serverHost: check.serverHost || null, summary: summarize(check.verdict) };
}

function rethrowAsAppError(error: unknown): never {
  if (error instanceof CompanyNotFoundError) {
    throw new AppError('COMPANY_NOT_FOUND', 'Firma nicht gefunden.', { cause: error });
  }
  throw error;
}

import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@postwerk/db';
import type { BaseLogger } from 'pino';
import { loadCompanyDomains } from './company-domains.ts';
import { type DnsLookup, memoizeLookup } from './dns-lookup.ts';
import { CompanyNotFoundError } from './errors.ts';
import { type Finding, FindingSchema, type Verdict } from './findings.ts';
import { gatherFacts } from './gather-facts.ts';
import { judgeFacts } from './judge.ts';
import type { SendingRoute } from './sending-routes.ts';

/** What a check run needs; the worker builds the same from its own environment. */
export type DeliverabilityDeps = {
  prisma: PrismaClient;
  /** Usually `createDnsLookup(...)`; each run adds its own cache on top. */
  lookup: DnsLookup;
  relayDomain: string;
  log: Pick<BaseLogger, 'info' | 'warn' | 'debug'>;
};

export type CheckView = SendingRoute & {
  id: string;
  verdict: Verdict;
  findings: Finding[];
  checkedAt: Date;
};

export type DomainChecks = { companyDomainId: string; domain: string; checks: CheckView[] };

export type RunCheck = CheckView & {
  /** The last stored verdict other than ERROR for this domain and route, if any. */
  previousVerdict: Verdict | null;
  changed: boolean;
};

export type DeliverabilityRun = {
  checkedAt: Date;
  /** Whether any verdict differs from its previous one (see `RunCheck.changed`). */
  changed: boolean;
  domains: Array<Omit<DomainChecks, 'checks'> & { checks: RunCheck[] }>;
};

/**
 * Checks SPF, DKIM, DMARC and MX of every domain of a tenant's companies (or of one company)
 * for the routes its mail takes, stores the results and returns them.
 *
 * A check counts as changed when its verdict differs from the last stored verdict of the same
 * domain and route. ERROR never counts as a change and is never compared against: a DNS
 * hiccup should not alert anyone, and the next good answer is compared with the last one.
 */
export async function runDeliverabilityChecks(
  deps: DeliverabilityDeps,
  tenantId: string,
  companyId?: string,
): Promise<DeliverabilityRun> {
  const targets = await loadCompanyDomains(deps.prisma, tenantId, companyId);
  const previous = await loadPreviousVerdicts(
    deps.prisma,
    targets.map((t) => t.companyDomainId),
  );
  const lookup = memoizeLookup(deps.lookup);
  const checkedAt = new Date();

  const domains: DeliverabilityRun['domains'] = [];
  // One domain after another: a tenant with many domains should not flood the resolver.
  for (const target of targets) {
    const checks = await Promise.all(
      target.routes.map(async (route): Promise<RunCheck> => {
        const facts = await gatherFacts(lookup, target.domain, route, deps.relayDomain);
        const { verdict, findings } = judgeFacts(facts, deps.relayDomain);
        deps.log.debug({ domain: target.domain, ...route, verdict }, 'deliverability verdict');
        const previousVerdict = previous.get(keyOf(target.companyDomainId, route)) ?? null;
        const changed =
          verdict !== 'ERROR' && previousVerdict !== null && verdict !== previousVerdict;
        const id = randomUUID();
        return { id, ...route, verdict, findings, checkedAt, previousVerdict, changed };
      }),
    );
    domains.push({ companyDomainId: target.companyDomainId, domain: target.domain, checks });
  }

  await saveChecks(deps.prisma, tenantId, domains);
  const changed = domains.some((d) => d.checks.some((c) => c.changed));
  const verdicts = domains.flatMap((d) => d.checks.map((c) => c.verdict));
  deps.log.info(
    { tenantId, companyId, checks: verdicts.length, changed },
    'deliverability checked',
  );
  return { checkedAt, changed, domains };
}

/** The newest stored run of each domain of a company; 404 for another tenant's company. */
export async function listLatestChecks(
  prisma: PrismaClient,
  tenantId: string,
  companyId: string,
): Promise<DomainChecks[]> {
  const company = await prisma.company.findFirst({
    where: { id: companyId, tenantId },
    include: { domains: { orderBy: { domain: 'asc' } } },
  });
  if (!company) {
    throw new CompanyNotFoundError();
  }
  const domainIds = company.domains.map((d) => d.id);
  const newest = await prisma.deliverabilityCheck.groupBy({
    by: ['companyDomainId'],
    where: { tenantId, companyDomainId: { in: domainIds } },
    _max: { checkedAt: true },
  });
  if (!newest.length) {
    return company.domains.map((d) => ({ companyDomainId: d.id, domain: d.domain, checks: [] }));
  }
  const rows = await prisma.deliverabilityCheck.findMany({
    where: {
      tenantId,
      OR: newest.map((n) => ({
        companyDomainId: n.companyDomainId,
        checkedAt: n._max.checkedAt ?? undefined,
      })),
    },
    orderBy: [{ route: 'asc' }, { serverHost: 'asc' }],
  });

  return company.domains.map((domain) => ({
    companyDomainId: domain.id,
    domain: domain.domain,
    checks: rows.filter((row) => row.companyDomainId === domain.id).map(toCheckView),
  }));
}

async function loadPreviousVerdicts(
  prisma: PrismaClient,
  domainIds: string[],
): Promise<Map<string, Verdict>> {
  const rows = await prisma.deliverabilityCheck.findMany({
    where: { companyDomainId: { in: domainIds }, verdict: { not: 'ERROR' } },
    orderBy: { checkedAt: 'desc' },
    distinct: ['companyDomainId', 'route', 'serverHost'],
    select: { companyDomainId: true, route: true, serverHost: true, verdict: true },
  });
  return new Map(rows.map((row) => [keyOf(row.companyDomainId, row), row.verdict]));
}

async function saveChecks(
  prisma: PrismaClient,
  tenantId: string,
  domains: DeliverabilityRun['domains'],
): Promise<void> {
  const data = domains.flatMap((domain) =>
    domain.checks.map((check) => ({
      id: check.id,
      tenantId,
      companyDomainId: domain.companyDomainId,
      route: check.route,
      serverHost: check.serverHost,
      verdict: check.verdict,
      findings: check.findings,
      checkedAt: check.checkedAt,
    })),
  );
  await prisma.deliverabilityCheck.createMany({ data });
}

function toCheckView(row: {
  id: string;
  route: SendingRoute['route'];
  serverHost: string;
  verdict: Verdict;
  findings: unknown;
  checkedAt: Date;
}): CheckView {
  return {
    id: row.id,
    route: row.route,
    serverHost: row.serverHost,
    verdict: row.verdict,
    // Stored by this module; parsing keeps a hand-edited row from reaching clients unchecked.
    findings: FindingSchema.array().parse(row.findings),
    checkedAt: row.checkedAt,
  };
}

function keyOf(companyDomainId: string, route: SendingRoute): string {
  return `${companyDomainId} ${route.route} ${route.serverHost}`;
}

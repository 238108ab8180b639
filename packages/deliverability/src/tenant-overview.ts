import type { PrismaClient } from '@postwerk/db';
import type { Verdict } from './findings.ts';

export type OverviewEntry = {
  companyId: string;
  companyName: string;
  domain: string;
  route: 'RELAY' | 'MICROSOFT_365' | 'OTHER_SMTP';
  serverHost: string | null;
  verdict: Verdict;
  checkedAt: Date;
  /** The verdict before the latest one (ERROR runs skipped), if there was one. */
  previousVerdict: Verdict | null;
  changed: boolean;
};

// Known limit: only the newest 2,000 checks of a tenant are read; with daily runs that is
// more than a year for a tenant with five domains, but a very large tenant sees less history.
const HISTORY_LIMIT = 2_000;

/**
 * The dashboard's view: for each company domain and route, the latest verdict and whether it
 * changed against the one before. A DNS failure (ERROR) is shown, but never counts as a
 * change, and is never the "before" of a change.
 */
export async function listTenantOverview(
  prisma: PrismaClient,
  tenantId: string,
): Promise<OverviewEntry[]> {
  const rows = await prisma.deliverabilityCheck.findMany({
    where: { tenantId },
    orderBy: { checkedAt: 'desc' },
    take: HISTORY_LIMIT,
    include: { companyDomain: { include: { company: true } } },
  });
  const byKey = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = `${row.companyDomainId}|${row.route}|${row.serverHost}`;
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }

  return [...byKey.values()].map((history) => {
    const [latest, ...older] = history as [(typeof rows)[number], ...typeof rows];
    const previous = older.find((row) => row.verdict !== 'ERROR');
    const previousVerdict = (previous?.verdict as Verdict | undefined) ?? null;
    return {
      companyId: latest.companyDomain.companyId,
      companyName: latest.companyDomain.company.name,
      domain: latest.companyDomain.domain,
      route: latest.route,
      serverHost: latest.serverHost || null,
      verdict: latest.verdict as Verdict,
      checkedAt: latest.checkedAt,
      previousVerdict,
      changed:
        latest.verdict !== 'ERROR' &&
        previousVerdict !== null &&
        latest.verdict !== previousVerdict,
    };
  });
}

import type { PrismaClient } from '@postwerk/db';
import { CompanyNotFoundError } from './errors.ts';
import { deriveSendingRoutes, type SendingRoute } from './sending-routes.ts';

export type DomainTarget = { companyDomainId: string; domain: string; routes: SendingRoute[] };

/**
 * The domains to check and the routes their mail takes: the relay for everyone, or with
 * external servers the outgoing server of each mailbox whose address is at the domain (the
 * per-company server when "Verschiedene Server je Firma" is on).
 */
export async function loadCompanyDomains(
  prisma: PrismaClient,
  tenantId: string,
  companyId?: string,
): Promise<DomainTarget[]> {
  const companies = await prisma.company.findMany({
    where: { tenantId, ...(companyId ? { id: companyId } : {}) },
    include: { domains: { orderBy: { domain: 'asc' } } },
    orderBy: { name: 'asc' },
  });
  if (companyId && !companies.length) {
    throw new CompanyNotFoundError();
  }
  const settings = await prisma.tenantSettings.findUnique({ where: { tenantId } });
  const sendRoute = settings?.sendRoute ?? 'RELAY';
  const mailboxes =
    sendRoute === 'EXTERNAL'
      ? await prisma.mailbox.findMany({
          where: { tenantId },
          select: {
            externalAddress: true,
            outgoingServer: { select: { host: true } },
            companyServers: {
              select: { companyId: true, outgoingServer: { select: { host: true } } },
            },
          },
        })
      : [];

  return companies.flatMap((company) =>
    company.domains.map((companyDomain) => {
      // Known limit: with external servers, a domain none of whose mailboxes has an outgoing
      // server gets no route and so no check; the portal shows it without results.
      const hosts = mailboxes
        .filter((mailbox) => mailbox.externalAddress.endsWith(`@${companyDomain.domain}`))
        .map((mailbox) => {
          const perCompany = settings?.serversPerCompany
            ? mailbox.companyServers.find((cs) => cs.companyId === company.id)?.outgoingServer
            : undefined;
          return (perCompany ?? mailbox.outgoingServer)?.host;
        })
        .filter((host): host is string => Boolean(host));
      return {
        companyDomainId: companyDomain.id,
        domain: companyDomain.domain,
        routes: deriveSendingRoutes(sendRoute, hosts),
      };
    }),
  );
}

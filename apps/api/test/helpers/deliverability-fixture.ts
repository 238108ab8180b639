import { randomBytes } from 'node:crypto';
import { type DnsRecord, type RunningDnsStub, startDnsStub } from '@postwerk/dns-stub';
import type { LightMyRequestResponse } from 'fastify';
import { BrowserSession } from './browser-session.ts';
import { createTenantWithAdmin, type TenantFixture } from './fixtures.ts';
import { createTestApp, type TestApp } from './test-app.ts';

export const RELAY_DOMAIN = 'relay.postwerk.example';
export const PROVIDER_HOST = 'smtp.provider.example';

/** How a case's mail leaves: the relay, or a mailbox with this outgoing server host. */
export type CaseRoute = 'RELAY' | { host: string };

export type DeliverabilityFixture = {
  t: TestApp;
  dns: RunningDnsStub;
  tenant: TenantFixture;
  admin: BrowserSession;
  /** A company with the given domain whose mailboxes send over `routes`; returns its id. */
  createCompany(domain: string, routes: CaseRoute[]): Promise<string>;
  check(companyId: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

// Addresses come from RFC 5737's 198.51.100.0/24 and 203.0.113.0/24 only: the checks probe
// SPF with 192.0.2.1, which no record here may authorize by accident.
export const BASE_RECORDS: DnsRecord[] = [
  { name: RELAY_DOMAIN, type: 'TXT', text: 'v=spf1 ip4:198.51.100.0/28 -all' },
  { name: RELAY_DOMAIN, type: 'A', address: '198.51.100.2' },
  {
    name: 'spf.protection.outlook.com',
    type: 'TXT',
    text: 'v=spf1 ip4:203.0.113.128/25 -all',
  },
  { name: PROVIDER_HOST, type: 'A', address: '203.0.113.25' },
  { name: 'mx.provider.example', type: 'A', address: '203.0.113.30' },
];

/** The API on the real test database, asking a DNS stub of ours with a short timeout. */
export async function createDeliverabilityFixture(
  records: DnsRecord[],
  silent: string[] = [],
): Promise<DeliverabilityFixture> {
  const dns = await startDnsStub({ zone: { records: [...BASE_RECORDS, ...records], silent } });
  const t = await createTestApp({
    DNS_SERVERS: dns.server,
    DNS_TIMEOUT_MS: '300',
    DNS_TRIES: '1',
    RELAY_DOMAIN,
  });
  const tenant = await createTenantWithAdmin(t.prisma);
  const admin = await BrowserSession.signedIn(t.app, tenant.adminEmail, tenant.adminPassword);

  return {
    t,
    dns,
    tenant,
    admin,
    async createCompany(domain, routes) {
      const external = routes.some((route) => route !== 'RELAY');
      await t.prisma.tenantSettings.update({
        where: { tenantId: tenant.tenantId },
        data: { sendRoute: external ? 'EXTERNAL' : 'RELAY' },
      });
      const company = await t.prisma.company.create({
        data: {
          tenantId: tenant.tenantId,
          name: `Firma ${domain}`,
          domains: { create: { tenantId: tenant.tenantId, domain } },
        },
      });
      for (const route of routes) {
        await createMailbox(t, tenant.tenantId, domain, route);
      }
      return company.id;
    },
    check(companyId) {
      return admin.request({ method: 'POST', url: `/api/companies/${companyId}/deliverability` });
    },
    async close() {
      await t.close();
      await dns.close();
    },
  };
}

async function createMailbox(
  t: TestApp,
  tenantId: string,
  domain: string,
  route: CaseRoute,
): Promise<void> {
  const code = `M${randomBytes(3).toString('hex').toUpperCase()}`;
  const server =
    route === 'RELAY'
      ? null
      : await t.prisma.outgoingServer.create({
          data: {
            tenantId,
            name: `${route.host} ${code}`,
            host: route.host,
            port: 587,
            security: 'STARTTLS',
            authMethod: 'PASSWORD',
          },
        });
  await t.prisma.mailbox.create({
    data: {
      tenantId,
      kind: 'EMPLOYEE',
      code,
      displayName: code,
      externalAddress: `${code.toLowerCase()}@${domain}`,
      relayAddress: `${code.toLowerCase()}.test@${RELAY_DOMAIN}`,
      incomingRelayAddress: `${code.toLowerCase()}.test@${RELAY_DOMAIN}`,
      outgoingServerId: server?.id ?? null,
    },
  });
}

/** MX, SPF and DMARC records of a domain, for zones that differ in one detail only. */
export function domainRecords(
  domain: string,
  options: { spf?: string; dmarc?: string; mx?: string },
): DnsRecord[] {
  const records: DnsRecord[] = [
    { name: domain, type: 'MX', exchange: options.mx ?? 'mx.provider.example', priority: 10 },
  ];
  if (options.spf) {
    records.push({ name: domain, type: 'TXT', text: options.spf });
  }
  if (options.dmarc) {
    records.push({ name: `_dmarc.${domain}`, type: 'TXT', text: options.dmarc });
  }
  return records;
}

/** The two CNAMEs Microsoft 365 asks for, pointing at a tenant `baufirma`. */
export function microsoftDkimCnames(domain: string): DnsRecord[] {
  const dashed = domain.replaceAll('.', '-');
  return ['selector1', 'selector2'].map((selector) => ({
    name: `${selector}._domainkey.${domain}`,
    type: 'CNAME' as const,
    target: `${selector}-${dashed}._domainkey.baufirma.onmicrosoft.com`,
  }));
}

/** The first check of the first domain in a POST reply. */
export function firstCheck(response: LightMyRequestResponse) {
  return response.json().domains[0].checks[0] as {
    id: string;
    route: string;
    serverHost: string | null;
    verdict: string;
    summary: string;
    changed?: boolean;
    previousVerdict?: string | null;
    findings: Array<{ code: string; impact: string; message: string; record?: string }>;
  };
}

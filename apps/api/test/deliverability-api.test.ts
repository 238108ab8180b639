import { createDnsLookup, runDeliverabilityChecks } from '@postwerk/deliverability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from './helpers/browser-session.ts';
import {
  BASE_RECORDS,
  createDeliverabilityFixture,
  type DeliverabilityFixture,
  domainRecords,
  firstCheck,
  PROVIDER_HOST,
  RELAY_DOMAIN,
} from './helpers/deliverability-fixture.ts';
import { createTenantWithAdmin } from './helpers/fixtures.ts';

const RELAY_SPF = `v=spf1 include:${RELAY_DOMAIN} -all`;
const ZONE = [
  ...domainRecords('erstlauf.de', { spf: RELAY_SPF }),
  ...domainRecords('wechsel.de', { spf: RELAY_SPF }),
  ...domainRecords('bleibt.de', { spf: RELAY_SPF, dmarc: 'v=DMARC1; p=none' }),
  ...domainRecords('zwei-wege.de', {
    spf: `v=spf1 include:spf.protection.outlook.com a:${PROVIDER_HOST} -all`,
    dmarc: 'v=DMARC1; p=quarantine',
  }),
];

describe('deliverability API', () => {
  let f: DeliverabilityFixture;

  beforeAll(async () => {
    f = await createDeliverabilityFixture(ZONE);
  });
  afterAll(() => f.close());

  it('lists nothing before the first run, then the results of the newest run', async () => {
    const companyId = await f.createCompany('erstlauf.de', ['RELAY']);
    const url = `/api/companies/${companyId}/deliverability`;

    const before = await f.admin.request({ method: 'GET', url });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({
      domains: [{ companyDomainId: expect.any(String), domain: 'erstlauf.de', checks: [] }],
    });

    const run = await f.check(companyId);
    const after = await f.admin.request({ method: 'GET', url });
    const stored = after.json().domains[0].checks;

    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      id: firstCheck(run).id,
      verdict: 'LIKELY_SPAM',
      findings: firstCheck(run).findings,
    });
    expect(stored[0]).not.toHaveProperty('changed');
  });

  it('tells a changed verdict from the last one, and ignores DNS errors for that', async () => {
    const companyId = await f.createCompany('wechsel.de', ['RELAY']);
    expect(firstCheck(await f.check(companyId)).verdict).toBe('LIKELY_SPAM');

    f.dns.setZone({
      records: [...BASE_RECORDS, ...ZONE, ...dmarcFor('wechsel.de', 'v=DMARC1; p=none')],
    });
    const fixed = firstCheck(await f.check(companyId));
    expect(fixed).toMatchObject({
      verdict: 'DELIVERED',
      previousVerdict: 'LIKELY_SPAM',
      changed: true,
    });

    f.dns.setZone({ records: [...BASE_RECORDS, ...ZONE], silent: ['wechsel.de'] });
    const failed = await f.check(companyId);
    expect(failed.json().changed).toBe(false);
    expect(firstCheck(failed)).toMatchObject({ verdict: 'ERROR', previousVerdict: 'DELIVERED' });

    const latest = await f.admin.request({
      method: 'GET',
      url: `/api/companies/${companyId}/deliverability`,
    });
    expect(latest.json().domains[0].checks[0].verdict).toBe('ERROR');
  });

  it('shows a changed verdict first in the dashboard overview', async () => {
    const companyId = await f.createCompany('uebersicht.de', ['RELAY']);
    const spf = RELAY_SPF;
    const before = domainRecords('uebersicht.de', { spf });
    f.dns.setZone({ records: [...BASE_RECORDS, ...ZONE, ...before] });
    await f.check(companyId);
    const after = domainRecords('uebersicht.de', { spf, dmarc: 'v=DMARC1; p=none' });
    f.dns.setZone({ records: [...BASE_RECORDS, ...ZONE, ...after] });
    await f.check(companyId);

    const overview = await f.admin.request({ method: 'GET', url: '/api/deliverability' });
    const entry = overview.json().find((e: { domain: string }) => e.domain === 'uebersicht.de');

    expect(overview.statusCode).toBe(200);
    expect(overview.json()[0].changed).toBe(true);
    expect(entry).toMatchObject({
      domain: 'uebersicht.de',
      verdict: 'DELIVERED',
      previousVerdict: 'LIKELY_SPAM',
      changed: true,
    });
  });

  it('checks every route a domain’s mailboxes use', async () => {
    const companyId = await f.createCompany('zwei-wege.de', [
      { host: 'smtp.office365.com' },
      { host: PROVIDER_HOST },
      { host: 'outlook.office365.com' },
    ]);

    const checks = (await f.check(companyId)).json().domains[0].checks;

    expect(checks.map((c: { route: string; serverHost: string | null }) => c.route)).toEqual([
      'MICROSOFT_365',
      'OTHER_SMTP',
    ]);
    expect(checks[1]).toMatchObject({ serverHost: PROVIDER_HOST, verdict: 'DELIVERED' });
  });

  it('keeps stored results when the company is edited and the domain stays', async () => {
    const companyId = await f.createCompany('bleibt.de', ['RELAY']);
    await f.check(companyId);

    const updated = await f.admin.request({
      method: 'PUT',
      url: `/api/companies/${companyId}`,
      payload: { name: 'Bleibt GmbH', domains: ['bleibt.de', 'neu-dazu.de'] },
    });
    const latest = await f.admin.request({
      method: 'GET',
      url: `/api/companies/${companyId}/deliverability`,
    });

    expect(updated.statusCode).toBe(200);
    expect(latest.json().domains).toEqual([
      expect.objectContaining({ domain: 'bleibt.de', checks: [expect.any(Object)] }),
      expect.objectContaining({ domain: 'neu-dazu.de', checks: [] }),
    ]);
  });

  it('answers 404 for another tenant’s company and 401 when signed out', async () => {
    const other = await createTenantWithAdmin(f.t.prisma);
    const foreign = await BrowserSession.signedIn(f.t.app, other.adminEmail, other.adminPassword);
    const companyId = await f.createCompany('fremd-geprueft.de', ['RELAY']);
    const url = `/api/companies/${companyId}/deliverability`;

    expect((await foreign.request({ method: 'POST', url })).statusCode).toBe(404);
    expect((await foreign.request({ method: 'GET', url })).statusCode).toBe(404);
    expect((await f.t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    expect(
      await f.t.prisma.deliverabilityCheck.count({ where: { tenantId: other.tenantId } }),
    ).toBe(0);
  });

  it('runs every company of a tenant when the worker calls it without a company', async () => {
    const lookup = createDnsLookup({ servers: [f.dns.server], timeoutMs: 300, tries: 1 });
    const deps = { prisma: f.t.prisma, lookup, relayDomain: RELAY_DOMAIN, log: f.t.app.log };

    const run = await runDeliverabilityChecks(deps, f.tenant.tenantId);

    expect(run.domains.map((d) => d.domain)).toEqual(
      expect.arrayContaining(['erstlauf.de', 'wechsel.de', 'bleibt.de', 'fremd-geprueft.de']),
    );
    expect(typeof run.changed).toBe('boolean');
  });
});

function dmarcFor(domain: string, text: string) {
  return [{ name: `_dmarc.${domain}`, type: 'TXT' as const, text }];
}

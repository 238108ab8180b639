import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeliverabilityFixture,
  type DeliverabilityFixture,
  domainRecords,
  firstCheck,
  microsoftDkimCnames,
  PROVIDER_HOST,
  RELAY_DOMAIN,
} from './helpers/deliverability-fixture.ts';

const M365 = { host: 'outlook.office365.com' };
const RELAY_SPF = `v=spf1 include:${RELAY_DOMAIN} -all`;
const M365_SPF = 'v=spf1 include:spf.protection.outlook.com -all';
const TOO_MANY = Array.from({ length: 11 }, (_, i) => `include:s${i}.zu-viele.de`);

// One case per domain; the DNS stub serves them all, each verdict is known in advance.
const ZONE = [
  ...domainRecords('relay-gut.de', { spf: RELAY_SPF, dmarc: 'v=DMARC1; p=none' }),
  ...domainRecords('ohne-spf.de', { dmarc: 'v=DMARC1; p=none' }),
  ...microsoftDkimCnames('ohne-spf.de'),
  ...domainRecords('ohne-relay.de', { spf: 'v=spf1 mx -all', dmarc: 'v=DMARC1; p=none' }),
  ...domainRecords('zu-viele.de', {
    spf: `v=spf1 include:${RELAY_DOMAIN} ${TOO_MANY.join(' ')} -all`,
    dmarc: 'v=DMARC1; p=none',
  }),
  ...TOO_MANY.map((_, i) => ({
    name: `s${i}.zu-viele.de`,
    type: 'TXT' as const,
    text: `v=spf1 ip4:198.51.100.${100 + i} -all`,
  })),
  ...domainRecords('plus-all.de', {
    spf: 'v=spf1 include:spf.protection.outlook.com +all',
    dmarc: 'v=DMARC1; p=quarantine',
  }),
  ...microsoftDkimCnames('plus-all.de'),
  ...domainRecords('m365-gut.de', { spf: M365_SPF, dmarc: 'v=DMARC1; p=reject' }),
  ...microsoftDkimCnames('m365-gut.de'),
  ...domainRecords('m365-ohne-dkim.de', { spf: M365_SPF, dmarc: 'v=DMARC1; p=quarantine' }),
  ...domainRecords('relay-reject.de', {
    spf: RELAY_SPF,
    dmarc: 'v=DMARC1; p=reject; rua=mailto:dmarc@relay-reject.de',
  }),
  ...domainRecords('ohne-dmarc.de', { spf: RELAY_SPF }),
  ...domainRecords('eigener-server.de', {
    spf: `v=spf1 a:${PROVIDER_HOST} -all`,
    dmarc: 'v=DMARC1; p=quarantine',
  }),
  ...domainRecords('fremder-server.de', { spf: 'v=spf1 mx -all', dmarc: 'v=DMARC1; p=none' }),
  ...domainRecords('tippfehler.de', { spf: 'v=spf1 inclde:spf.example -all' }),
  ...domainRecords('doppelt.de', { spf: RELAY_SPF, dmarc: 'v=DMARC1; p=none' }),
  { name: 'doppelt.de', type: 'TXT' as const, text: 'v=spf1 mx -all' },
];

describe('deliverability verdicts', () => {
  let f: DeliverabilityFixture;

  beforeAll(async () => {
    f = await createDeliverabilityFixture(ZONE, ['langsam.de']);
  });
  afterAll(() => f.close());

  async function checkDomain(domain: string, routes: Parameters<typeof f.createCompany>[1]) {
    const response = await f.check(await f.createCompany(domain, routes));
    expect(response.statusCode, response.body).toBe(200);
    const check = firstCheck(response);
    return { check, codes: check.findings.map((finding) => finding.code) };
  }

  it('delivers over the relay when SPF includes the relay and DMARC only monitors', async () => {
    const { check, codes } = await checkDomain('relay-gut.de', ['RELAY']);

    expect(check).toMatchObject({ route: 'RELAY', serverHost: null, verdict: 'DELIVERED' });
    expect(codes).toEqual(['MX_OK', 'SPF_OK', 'DKIM_NOT_POSSIBLE', 'DMARC_MONITOR_ONLY']);
  });

  it('says LIKELY_SPAM without SPF and offers the record for the route', async () => {
    const { check, codes } = await checkDomain('ohne-spf.de', [M365]);

    expect(check.verdict).toBe('LIKELY_SPAM');
    expect(codes).toEqual(['MX_OK', 'SPF_MISSING', 'DKIM_OK', 'DMARC_OK']);
    expect(check.findings[1]?.record).toBe(
      'ohne-spf.de. TXT "v=spf1 include:spf.protection.outlook.com -all"',
    );
  });

  it('says LIKELY_SPAM when SPF lacks the relay while the relay sends', async () => {
    const { check, codes } = await checkDomain('ohne-relay.de', ['RELAY']);
    const spf = check.findings.find((finding) => finding.code === 'SPF_ROUTE_NOT_AUTHORIZED');

    expect(check.verdict).toBe('LIKELY_SPAM');
    expect(codes).toContain('SPF_ROUTE_NOT_AUTHORIZED');
    expect(spf?.message).toContain(`include:${RELAY_DOMAIN}`);
    expect(spf?.record).toBe(`ohne-relay.de. TXT "v=spf1 include:${RELAY_DOMAIN} mx -all"`);
  });

  it('says LIKELY_SPAM when SPF needs more than 10 DNS lookups', async () => {
    const { check, codes } = await checkDomain('zu-viele.de', ['RELAY']);

    expect(check.verdict).toBe('LIKELY_SPAM');
    expect(codes).toContain('SPF_TOO_MANY_LOOKUPS');
    expect(codes).not.toContain('SPF_OK');
  });

  it('says LIKELY_SPAM for +all and proposes ~all instead', async () => {
    const { check, codes } = await checkDomain('plus-all.de', [M365]);
    const plusAll = check.findings.find((finding) => finding.code === 'SPF_PASS_ALL');

    expect(check.verdict).toBe('LIKELY_SPAM');
    expect(codes).toEqual(['MX_OK', 'SPF_PASS_ALL', 'SPF_OK', 'DKIM_OK', 'DMARC_OK']);
    expect(plusAll?.record).toBe(
      'plus-all.de. TXT "v=spf1 include:spf.protection.outlook.com ~all"',
    );
  });

  it('delivers over Microsoft 365 with SPF, both DKIM CNAMEs and DMARC p=reject', async () => {
    const { check, codes } = await checkDomain('m365-gut.de', [M365]);

    expect(check).toMatchObject({ route: 'MICROSOFT_365', verdict: 'DELIVERED' });
    expect(codes).toEqual(['MX_OK', 'SPF_OK', 'DKIM_OK', 'DMARC_OK']);
  });

  it('says LIKELY_SPAM over Microsoft 365 without the DKIM CNAMEs and names them', async () => {
    const { check } = await checkDomain('m365-ohne-dkim.de', [M365]);
    const dkim = check.findings.find((finding) => finding.code === 'DKIM_MISSING');

    expect(check.verdict).toBe('LIKELY_SPAM');
    expect(dkim?.impact).toBe('LIKELY_SPAM');
    expect(dkim?.record).toBe(
      'selector1._domainkey.m365-ohne-dkim.de. CNAME ' +
        'selector1-m365-ohne-dkim-de._domainkey.<mandant>.onmicrosoft.com.\n' +
        'selector2._domainkey.m365-ohne-dkim.de. CNAME ' +
        'selector2-m365-ohne-dkim-de._domainkey.<mandant>.onmicrosoft.com.',
    );
  });

  it('says REJECTED for DMARC p=reject over the relay, which can never align', async () => {
    const { check, codes } = await checkDomain('relay-reject.de', ['RELAY']);
    const dmarc = check.findings.find((finding) => finding.code === 'DMARC_REJECTS');

    expect(check.verdict).toBe('REJECTED_BY_STRICT_RECEIVERS');
    expect(codes).toContain('SPF_OK');
    expect(dmarc?.message).toContain('externen Postausgangsserver');
    expect(dmarc?.record).toBe(
      '_dmarc.relay-reject.de. TXT "v=DMARC1; p=none; rua=mailto:dmarc@relay-reject.de"',
    );
  });

  it('says LIKELY_SPAM without DMARC and offers p=none for the relay', async () => {
    const { check, codes } = await checkDomain('ohne-dmarc.de', ['RELAY']);

    expect(check.verdict).toBe('LIKELY_SPAM');
    expect(codes).toContain('DMARC_MISSING');
    expect(check.findings.at(-1)?.record).toBe('_dmarc.ohne-dmarc.de. TXT "v=DMARC1; p=none"');
  });

  it('says REJECTED for a domain that does not exist (NXDOMAIN)', async () => {
    const { check, codes } = await checkDomain('gibt-es-nicht.de', ['RELAY']);

    expect(check.verdict).toBe('REJECTED_BY_STRICT_RECEIVERS');
    expect(codes).toEqual(['DOMAIN_NOT_FOUND']);
  });

  it('reports ERROR with the unanswered queries when DNS times out, and nothing else', async () => {
    const started = Date.now();
    const { check } = await checkDomain('langsam.de', ['RELAY']);

    expect(check.verdict).toBe('ERROR');
    expect(check.summary).toContain('DNS');
    expect(new Set(check.findings.map((finding) => finding.code))).toEqual(
      new Set(['DNS_TIMEOUT']),
    );
    expect(check.findings.map((finding) => finding.message).join(' ')).toContain('langsam.de');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('delivers from another server that SPF authorizes by its address', async () => {
    const { check, codes } = await checkDomain('eigener-server.de', [{ host: PROVIDER_HOST }]);

    expect(check).toMatchObject({ route: 'OTHER_SMTP', serverHost: PROVIDER_HOST });
    expect(check.verdict).toBe('DELIVERED');
    expect(codes).toEqual(['MX_OK', 'SPF_OK', 'DKIM_NOT_CHECKED', 'DMARC_OK']);
  });

  it('says REJECTED when -all shuts out the other server', async () => {
    const { check } = await checkDomain('fremder-server.de', [{ host: PROVIDER_HOST }]);
    const spf = check.findings.find((finding) => finding.code === 'SPF_ROUTE_NOT_AUTHORIZED');

    expect(check.verdict).toBe('REJECTED_BY_STRICT_RECEIVERS');
    expect(spf?.message).toContain('203.0.113.25');
    expect(spf?.record).toBe(`fremder-server.de. TXT "v=spf1 a:${PROVIDER_HOST} mx -all"`);
  });

  it('says LIKELY_SPAM for a broken SPF record and for two of them', async () => {
    const broken = await checkDomain('tippfehler.de', ['RELAY']);
    const twice = await checkDomain('doppelt.de', ['RELAY']);

    expect(broken.check.verdict).toBe('LIKELY_SPAM');
    expect(broken.check.findings[1]?.message).toContain('inclde');
    expect(twice.check.verdict).toBe('LIKELY_SPAM');
    expect(twice.codes).toContain('SPF_MULTIPLE');
  });
});

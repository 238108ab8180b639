import { randomBytes } from 'node:crypto';
import { type RunningDnsStub, startDnsStub } from '@postwerk/dns-stub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './helpers/wait.ts';
import { createWorkerFixture, type WorkerFixture } from './helpers/worker-fixture.ts';

const RELAY = 'relay.postwerk.example';

// The daily job runs the same checks as the portal's button, stores them with their time,
// and a verdict that changed since the previous run is marked as changed.
describe('daily deliverability check in the worker', () => {
  let dns: RunningDnsStub;
  let f: WorkerFixture;
  let tenantId: string;
  const domain = `zustellung-${randomBytes(3).toString('hex')}.de`;
  const records = [
    { name: RELAY, type: 'TXT' as const, text: 'v=spf1 ip4:198.51.100.0/28 -all' },
    { name: domain, type: 'MX' as const, exchange: 'mx.provider.example', priority: 10 },
    { name: domain, type: 'TXT' as const, text: `v=spf1 include:${RELAY} -all` },
    { name: `_dmarc.${domain}`, type: 'TXT' as const, text: 'v=DMARC1; p=none' },
  ];

  beforeAll(async () => {
    dns = await startDnsStub({ zone: { records } });
    f = await createWorkerFixture({
      DNS_SERVERS: dns.server,
      DNS_TIMEOUT_MS: '300',
      DNS_TRIES: '1',
    });
    await f.startWorker();
    const tenant = await f.prisma.tenant.create({
      data: {
        slug: `dns-${randomBytes(3).toString('hex')}`,
        name: 'DNS',
        settings: { create: {} },
      },
    });
    tenantId = tenant.id;
    await f.prisma.company.create({
      data: { tenantId, name: 'Zustellung GmbH', domains: { create: { tenantId, domain } } },
    });
  });
  afterAll(async () => {
    await f.close();
    await dns.close();
  });

  async function runDailyCheck() {
    const job = await f.queue('maintenance').add('deliverability', { tenantId });
    await waitFor(async () => (await job.getState()) === 'completed', 30_000, 'daily check');
    return f.prisma.deliverabilityCheck.findMany({
      where: { tenantId },
      orderBy: { checkedAt: 'desc' },
    });
  }

  it('stores a verdict for the company domain with its time', async () => {
    const checks = await runDailyCheck();

    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ route: 'RELAY', verdict: 'DELIVERED' });
  });

  it('notices when the verdict changes between two runs', async () => {
    dns.setZone({ records: records.filter((r) => r.type !== 'TXT' || r.name !== domain) });
    const checks = await runDailyCheck();

    expect(checks.map((check) => check.verdict).slice(0, 2)).toEqual(['LIKELY_SPAM', 'DELIVERED']);
  });
});

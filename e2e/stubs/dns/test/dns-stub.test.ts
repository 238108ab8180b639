import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDnsStub, startDnsStub } from '../src/index.ts';

const ADDRESSES = Array.from({ length: 30 }, (_, i) => `ip4:192.0.2.${i}`);
const LONG_SPF = `v=spf1 ${ADDRESSES.join(' ')} -all`;

// Talks to the stub through node's own resolver (c-ares), the client the API uses.
describe('dns stub', () => {
  let stub: RunningDnsStub;
  let resolver: Resolver;

  beforeAll(async () => {
    stub = await startDnsStub({
      zone: {
        records: [
          { name: 'bau-firma.test', type: 'TXT', text: 'v=spf1 -all' },
          { name: 'bau-firma.test', type: 'MX', exchange: 'mx.bau-firma.test', priority: 10 },
          { name: 'mx.bau-firma.test', type: 'A', address: '192.0.2.10' },
          { name: 'mx.bau-firma.test', type: 'AAAA', address: '2001:db8::10' },
          { name: 'long.bau-firma.test', type: 'TXT', text: LONG_SPF },
          { name: 'www.bau-firma.test', type: 'CNAME', target: 'mx.bau-firma.test' },
          { name: 'a.b.deep.test', type: 'A', address: '192.0.2.20' },
        ],
        silent: ['slow.test'],
      },
    });
    resolver = new Resolver({ timeout: 200, tries: 1 });
    resolver.setServers([stub.server]);
  });
  afterAll(() => stub.close());

  it('answers A, AAAA, TXT and MX questions from the zone', async () => {
    expect(await resolver.resolve4('mx.bau-firma.test')).toEqual(['192.0.2.10']);
    expect(await resolver.resolve6('MX.Bau-Firma.test')).toEqual(['2001:db8::10']);
    expect(await resolver.resolveTxt('bau-firma.test')).toEqual([['v=spf1 -all']]);
    expect(await resolver.resolveMx('bau-firma.test')).toEqual([
      { exchange: 'mx.bau-firma.test', priority: 10 },
    ]);
  });

  it('splits TXT data longer than 255 octets into character-strings', async () => {
    const [chunks] = await resolver.resolveTxt('long.bau-firma.test');

    expect(chunks?.length).toBeGreaterThan(1);
    expect(chunks?.join('')).toBe(LONG_SPF);
  });

  it('answers CNAME questions and follows the alias for other types', async () => {
    expect(await resolver.resolveCname('www.bau-firma.test')).toEqual(['mx.bau-firma.test']);
    expect(await resolver.resolve4('www.bau-firma.test')).toEqual(['192.0.2.10']);
  });

  it('says NXDOMAIN for unknown names and NODATA for known names without that type', async () => {
    await expect(resolver.resolveTxt('gibt-es-nicht.test')).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
    await expect(resolver.resolveTxt('mx.bau-firma.test')).rejects.toMatchObject({
      code: 'ENODATA',
    });
    // An empty non-terminal exists (RFC 8020), so it is NODATA, not NXDOMAIN.
    await expect(resolver.resolve4('b.deep.test')).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('never answers silent names, so the client times out', async () => {
    await expect(resolver.resolveTxt('_dmarc.slow.test')).rejects.toMatchObject({
      code: 'ETIMEOUT',
    });
    expect(stub.queries).toContainEqual({ name: '_dmarc.slow.test', type: 'TXT' });
  });

  it('serves a replaced zone', async () => {
    stub.setZone({ records: [{ name: 'neu.test', type: 'A', address: '192.0.2.30' }] });

    expect(await resolver.resolve4('neu.test')).toEqual(['192.0.2.30']);
    await expect(resolver.resolve4('mx.bau-firma.test')).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });
});

import type { DnsZone } from './zone.ts';

/**
 * The zone the demo and the browser tests resolve against (there is no internet here):
 * bau-firma.de is set up for the relay, bau-firma-haustechnik.de has no SPF and no DMARC,
 * so the portal has one good and one bad verdict to show.
 */
export function buildDemoZone(relayDomain: string): DnsZone {
  return {
    records: [
      { name: relayDomain, type: 'TXT', text: 'v=spf1 ip4:198.51.100.0/28 -all' },
      { name: relayDomain, type: 'A', address: '198.51.100.2' },
      { name: 'spf.protection.outlook.com', type: 'TXT', text: 'v=spf1 ip4:203.0.113.128/25 -all' },
      { name: 'mx.bau-firma.de', type: 'A', address: '203.0.113.30' },
      { name: 'bau-firma.de', type: 'MX', exchange: 'mx.bau-firma.de', priority: 10 },
      {
        name: 'bau-firma.de',
        type: 'TXT',
        text: `v=spf1 include:${relayDomain} include:spf.protection.outlook.com -all`,
      },
      { name: '_dmarc.bau-firma.de', type: 'TXT', text: 'v=DMARC1; p=none' },
      { name: 'bau-firma-haustechnik.de', type: 'MX', exchange: 'mx.bau-firma.de', priority: 10 },
    ],
  };
}

// Serves the demo zone for the demo and the browser tests: DNS_STUB_PORT (default 5353),
// RELAY_DOMAIN (default relay.postwerk.example).
import { buildDemoZone } from './demo-zone.ts';
import { startDnsStub } from './server.ts';

const port = Number(process.env.DNS_STUB_PORT ?? 5353);
const relayDomain = process.env.RELAY_DOMAIN ?? 'relay.postwerk.example';
const stub = await startDnsStub({ host: '127.0.0.1', port, zone: buildDemoZone(relayDomain) });
console.log(`dns stub listening on ${stub.server}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stub.close().then(() => process.exit(0));
  });
}

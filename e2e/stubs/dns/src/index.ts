export { buildDemoZone } from './demo-zone.ts';
export {
  type DnsQueryLogEntry,
  type RunningDnsStub,
  type StartDnsStubOptions,
  startDnsStub,
} from './server.ts';
export { answerQuestion, type DnsRecord, type DnsZone } from './zone.ts';

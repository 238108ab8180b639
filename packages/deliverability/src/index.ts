// Public API of @postwerk/deliverability: used by the API (on demand) and the worker (daily).
export {
  type CheckView,
  type DeliverabilityDeps,
  listLatestChecks,
  runDeliverabilityChecks,
} from './deliverability-service.ts';
export { createDnsLookup } from './dns-lookup.ts';
export { DnsServersSchema } from './dns-servers.ts';
export { CompanyNotFoundError } from './errors.ts';
export { FindingSchema, summarize, VERDICTS } from './findings.ts';
export { listTenantOverview, type OverviewEntry } from './tenant-overview.ts';

import { runAsSystem, runInTenant } from '@postwerk/db';
import { createDnsLookup, runDeliverabilityChecks } from '@postwerk/deliverability';
import type { Job } from 'bullmq';
import type { WorkerDeps } from '../deps.ts';

/**
 * The daily SPF/DKIM/DMARC re-check of every tenant's company domains. Results are stored
 * with their time; a verdict that changed since the last run is logged and shows on the
 * dashboard (the API reads the stored checks).
 */
export async function processDeliverabilityCheck(deps: WorkerDeps, job: Job) {
  const log = deps.log.child({ queue: job.queueName, jobId: job.id });
  const lookup = createDnsLookup({
    servers: deps.env.DNS_SERVERS,
    timeoutMs: deps.env.DNS_TIMEOUT_MS,
    tries: deps.env.DNS_TRIES,
  });
  // The daily scheduler checks every tenant; an operator can queue one tenant by its id.
  const only = (job.data as { tenantId?: string } | undefined)?.tenantId;
  // System context (job bootstrap) for the list of tenants only; each check runs in its own.
  const tenants = await runAsSystem('job-bootstrap', () =>
    deps.prisma.tenant.findMany({ where: only ? { id: only } : {}, select: { id: true } }),
  );
  let changed = 0;
  for (const tenant of tenants) {
    const checkDeps = { prisma: deps.prisma, lookup, relayDomain: deps.env.RELAY_DOMAIN, log };
    const run = await runInTenant(tenant.id, () => runDeliverabilityChecks(checkDeps, tenant.id));
    if (run.changed) {
      changed += 1;
      log.info({ tenantId: tenant.id }, 'deliverability verdict changed');
    }
  }
  log.info({ tenants: tenants.length, changed }, 'deliverability checks done');
  return { tenants: tenants.length, changed };
}

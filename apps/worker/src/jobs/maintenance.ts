import { runAsSystem, runInTenant } from '@postwerk/db';
import type { Job } from 'bullmq';
import type { WorkerDeps } from '../deps.ts';
import { isLinkUnusable, stopPolling } from '../mail/microsoft-link-state.ts';

/**
 * The daily housekeeping: protocol logs older than the retention are deleted, and Microsoft
 * links that were not used for a long time get a refresh so they do not die of old age
 * (Microsoft drops refresh tokens unused for 90 days, AADSTS700082).
 */
export async function processMaintenance(deps: WorkerDeps, job: Job) {
  const log = deps.log.child({ queue: job.queueName, jobId: job.id });
  const day = 86_400_000;
  const logsBefore = new Date(Date.now() - deps.env.SESSION_LOG_RETENTION_DAYS * day);
  // System context (job bootstrap): retention and keep-alive walk every tenant by design.
  const purged = await runAsSystem('job-bootstrap', () =>
    deps.prisma.sessionLog.deleteMany({ where: { startedAt: { lt: logsBefore } } }),
  );

  const idleBefore = new Date(Date.now() - deps.env.TOKEN_KEEPALIVE_DAYS * day);
  const idle = await runAsSystem('job-bootstrap', () =>
    deps.prisma.microsoftAccountLink.findMany({
      where: {
        status: 'ACTIVE',
        OR: [{ lastRefreshAt: null }, { lastRefreshAt: { lt: idleBefore } }],
      },
      select: { mailboxId: true, tenantId: true },
    }),
  );
  let refreshed = 0;
  for (const link of idle) {
    try {
      // Each refresh runs in its own tenant again.
      await runInTenant(link.tenantId, () => deps.tokens.forceRefresh(link.mailboxId));
      refreshed += 1;
    } catch (error) {
      // A dead link is now flagged on the dashboard by the token service; go on with the rest.
      log.warn({ mailboxId: link.mailboxId, err: (error as Error).message }, 'keep-alive failed');
      if (isLinkUnusable(error)) {
        await stopPolling(deps, link.mailboxId, log);
      }
    }
  }
  log.info({ purgedLogs: purged.count, idleLinks: idle.length, refreshed }, 'maintenance done');
  return { purgedLogs: purged.count, refreshed };
}

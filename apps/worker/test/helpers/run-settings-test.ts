import { settingsTestJobId } from '@postwerk/contracts';
import { waitFor } from './wait.ts';
import type { WorkerFixture } from './worker-fixture.ts';

/**
 * Starts [Einstellungen testen] the way the API does and waits for the run to finish; with
 * `companyId`, for the servers of that company.
 */
export async function runSettingsTest(
  f: WorkerFixture,
  target: { tenantId: string; mailboxId: string },
  kind: 'INCOMING' | 'FULL_LOOP',
  companyId?: string,
) {
  const { tenantId, mailboxId } = target;
  const run = await f.prisma.settingsTestRun.create({
    data: { tenantId, mailboxId, kind, companyId },
  });
  await f
    .queue('settingsTest')
    .add(
      kind,
      { tenantId: target.tenantId, testRunId: run.id },
      { jobId: settingsTestJobId(run.id) },
    );
  return waitFor(
    async () => {
      const current = await f.prisma.settingsTestRun.findUniqueOrThrow({ where: { id: run.id } });
      return current.finishedAt ? current : undefined;
    },
    90_000,
    `settings test ${kind}`,
  );
}

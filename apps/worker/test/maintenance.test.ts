import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './helpers/wait.ts';
import { createWorkerFixture, type WorkerFixture } from './helpers/worker-fixture.ts';

describe('daily maintenance', () => {
  let f: WorkerFixture;

  beforeAll(async () => {
    f = await createWorkerFixture();
    await f.startWorker();
  });
  afterAll(() => f.close());

  it('deletes session logs older than 14 days and keeps newer ones', async () => {
    const tenant = await f.prisma.tenant.create({
      data: {
        slug: `logs-${randomBytes(3).toString('hex')}`,
        name: 'Logs',
        settings: { create: {} },
      },
    });
    const day = 86_400_000;
    const old = await f.prisma.sessionLog.create({
      data: {
        tenantId: tenant.id,
        protocol: 'POP3',
        host: 'pop.example',
        startedAt: new Date(Date.now() - 15 * day),
        lines: { create: { at: new Date(), direction: 'CLIENT', text: 'USER x' } },
      },
    });
    const recent = await f.prisma.sessionLog.create({
      data: {
        tenantId: tenant.id,
        protocol: 'SMTP',
        host: 'smtp.example',
        startedAt: new Date(Date.now() - 13 * day),
      },
    });

    const job = await f.queue('maintenance').add('daily', {});
    await waitFor(async () => (await job.getState()) === 'completed', 30_000, 'maintenance');

    expect(await f.prisma.sessionLog.count({ where: { id: old.id } })).toBe(0);
    expect(await f.prisma.sessionLogLine.count({ where: { sessionLogId: old.id } })).toBe(0);
    expect(await f.prisma.sessionLog.count({ where: { id: recent.id } })).toBe(1);
  });
});

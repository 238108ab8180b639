import { randomUUID } from 'node:crypto';
import { pollSchedulerId, QUEUE_NAMES } from '@postwerk/contracts';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCallback, signInAtStandIn, startLink } from './helpers/microsoft-browser.ts';
import { createMicrosoftFixture, type MicrosoftFixture } from './helpers/microsoft-fixture.ts';

// A mailbox fetching with a Microsoft login is polled only while its link lives: a dead
// link stops the schedule (no run that can only fail), a new sign-in starts it again.
describe('poll schedule of a mailbox with a Microsoft login', () => {
  let f: MicrosoftFixture;
  let queue: Queue;
  let mailboxId: string;
  let schedulerId: string;

  beforeAll(async () => {
    f = await createMicrosoftFixture({}, { QUEUE_PREFIX: `test-${randomUUID()}` });
    queue = new Queue(QUEUE_NAMES.pollPop3, {
      connection: f.t.redis,
      prefix: f.t.env.QUEUE_PREFIX,
    });
    await f.t.prisma.tenantSettings.update({
      where: { tenantId: f.tenant.tenantId },
      data: { fetchFromIncoming: true, directConnection: true },
    });
    const incoming = await f.t.prisma.incomingServer.create({
      data: {
        tenantId: f.tenant.tenantId,
        name: `M365 POP3 ${randomUUID().slice(0, 6)}`,
        host: 'outlook.office365.com',
        port: 995,
        security: 'TLS',
        authMethod: 'OAUTH2',
      },
    });
    mailboxId = await f.createMailbox('POLLED', 'becker@bau-firma.de');
    await f.t.prisma.mailbox.update({
      where: { id: mailboxId },
      data: { incomingServerId: incoming.id },
    });
    schedulerId = pollSchedulerId(mailboxId);
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await f.close();
  });

  async function saveMailbox(): Promise<void> {
    const current = (await f.admin.request({ url: `/api/mailboxes/${mailboxId}` })).json();
    const fields = ['kind', 'code', 'displayName', 'externalAddress', 'incomingServerId'];
    const body = Object.fromEntries(fields.map((name) => [name, current[name]]));
    const saved = await f.admin.request({
      method: 'PUT',
      url: `/api/mailboxes/${mailboxId}`,
      payload: body,
    });
    expect(saved.statusCode, saved.body).toBe(200);
  }

  async function link(): Promise<void> {
    const callback = await signInAtStandIn(
      await startLink(f.admin, mailboxId),
      'becker@bau-firma.de',
    );
    const landing = await openCallback(f.t.app, callback, f.admin);
    expect(landing.searchParams.get('microsoft')).toBe('linked');
  }

  it('waits for the first sign-in before polling', async () => {
    await saveMailbox();
    expect(await queue.getJobScheduler(schedulerId)).toBeUndefined();

    await link();

    expect((await queue.getJobScheduler(schedulerId))?.every).toBe(300_000);
  });

  it('keeps a dead link unpolled when the mailbox is saved, and polls again once linked', async () => {
    // What the worker's token service does when Microsoft refuses the refresh token.
    await f.t.prisma.microsoftAccountLink.update({
      where: { mailboxId },
      data: { status: 'DEAD', deadCode: 'AADSTS50173' },
    });

    await saveMailbox();
    expect(await queue.getJobScheduler(schedulerId)).toBeUndefined();

    await link();
    expect((await queue.getJobScheduler(schedulerId))?.every).toBe(300_000);
  });

  it('stops polling when the account is removed', async () => {
    const removed = await f.admin.request({
      method: 'DELETE',
      url: `/api/mailboxes/${mailboxId}/microsoft`,
    });

    expect(removed.statusCode).toBe(204);
    expect(await queue.getJobScheduler(schedulerId)).toBeUndefined();
  });
});

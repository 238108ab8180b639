import { randomUUID } from 'node:crypto';
import { pollSchedulerId, QUEUE_NAMES } from '@postwerk/contracts';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from './helpers/browser-session.ts';
import { createTenantWithAdmin } from './helpers/fixtures.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

// Each mailbox that fetches mail gets one BullMQ job scheduler; it follows the settings.
describe('POP3 poll schedules', () => {
  let t: TestApp;
  let admin: BrowserSession;
  let queue: Queue;

  beforeAll(async () => {
    t = await createTestApp({ QUEUE_PREFIX: `test-${randomUUID()}` });
    queue = new Queue(QUEUE_NAMES.pollPop3, { connection: t.redis, prefix: t.env.QUEUE_PREFIX });
    const tenant = await createTenantWithAdmin(t.prisma);
    admin = await BrowserSession.signedIn(t.app, tenant.adminEmail, tenant.adminPassword);
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await t.close();
  });

  it('schedules a mailbox every 5 minutes once fetching is on, and removes it when off', async () => {
    const server = await admin.request({
      method: 'POST',
      url: '/api/incoming-servers',
      payload: {
        name: 'POP3',
        host: 'pop.example.com',
        port: 995,
        security: 'TLS',
        authMethod: 'PASSWORD',
        username: 'info',
        password: 'geheim',
      },
    });
    const mailbox = await admin.request({
      method: 'POST',
      url: '/api/mailboxes',
      payload: {
        kind: 'PUBLIC',
        code: 'INFO',
        displayName: 'Info',
        externalAddress: 'info@example.com',
        incomingServerId: server.json().id,
      },
    });
    const id = pollSchedulerId(mailbox.json().id);
    expect(await queue.getJobScheduler(id)).toBeUndefined();

    const settings = (await admin.request({ method: 'GET', url: '/api/settings' })).json();
    delete settings.updatedAt;
    await admin.request({
      method: 'PUT',
      url: '/api/settings',
      payload: { ...settings, fetchFromIncoming: true },
    });
    const scheduled = await queue.getJobScheduler(id);
    const firstPoll = await queue.getJob(`poll-first-${mailbox.json().id}`);

    await admin.request({
      method: 'PUT',
      url: '/api/settings',
      payload: { ...settings, fetchFromIncoming: false },
    });

    expect(scheduled?.every).toBe(300_000);
    expect(firstPoll?.data.mailboxId).toBe(mailbox.json().id);
    expect(await queue.getJobScheduler(id)).toBeUndefined();
    // Switched on again later, the mailbox gets its immediate first poll again.
    expect(await queue.getJob(`poll-first-${mailbox.json().id}`)).toBeUndefined();
  });

  // Without an offset, mailboxes set up in the same second stayed due in the same second.
  it('spreads mailboxes set up together over the interval and drops finished polls', async () => {
    const server = await admin.request({
      method: 'POST',
      url: '/api/incoming-servers',
      payload: {
        name: 'POP3 verteilt',
        host: 'pop.example.com',
        port: 995,
        security: 'TLS',
        authMethod: 'PASSWORD',
        username: 'alle',
        password: 'geheim',
      },
    });
    const settings = (await admin.request({ method: 'GET', url: '/api/settings' })).json();
    delete settings.updatedAt;
    await admin.request({
      method: 'PUT',
      url: '/api/settings',
      payload: { ...settings, fetchFromIncoming: true },
    });

    const offsets: number[] = [];
    for (const code of ['VERTEILT1', 'VERTEILT2', 'VERTEILT3', 'VERTEILT4']) {
      const mailbox = await admin.request({
        method: 'POST',
        url: '/api/mailboxes',
        payload: {
          kind: 'PUBLIC',
          code,
          displayName: code,
          externalAddress: `${code.toLowerCase()}@example.com`,
          incomingServerId: server.json().id,
        },
      });
      const scheduled = await queue.getJobScheduler(pollSchedulerId(mailbox.json().id));
      expect(scheduled?.template?.opts).toMatchObject({
        removeOnComplete: { age: 3_600, count: 1_000 },
      });
      offsets.push(Number(scheduled?.offset ?? 0));
      // The offset may be minutes away: a mailbox that just started fetching is polled now.
      const firstPoll = await queue.getJob(`poll-first-${mailbox.json().id}`);
      expect(firstPoll?.data).toEqual({
        tenantId: expect.any(String),
        mailboxId: mailbox.json().id,
      });
    }

    expect(new Set(offsets).size).toBe(4);
    for (const offset of offsets) {
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(300_000);
    }
  });

  // Changing a server's login used to leave the schedules as they were until a mailbox or
  // the settings were saved again.
  it('follows a change of the incoming server between password and Microsoft login', async () => {
    const body = {
      name: 'POP3 Wechsel',
      host: 'pop.example.com',
      port: 995,
      security: 'TLS',
      authMethod: 'PASSWORD',
      username: 'wechsel',
      password: 'geheim',
    };
    const server = await admin.request({
      method: 'POST',
      url: '/api/incoming-servers',
      payload: body,
    });
    const settings = (await admin.request({ method: 'GET', url: '/api/settings' })).json();
    delete settings.updatedAt;
    await admin.request({
      method: 'PUT',
      url: '/api/settings',
      payload: { ...settings, fetchFromIncoming: true },
    });
    const mailbox = await admin.request({
      method: 'POST',
      url: '/api/mailboxes',
      payload: {
        kind: 'PUBLIC',
        code: 'WECHSEL',
        displayName: 'Wechsel',
        externalAddress: 'wechsel@example.com',
        incomingServerId: server.json().id,
      },
    });
    const id = pollSchedulerId(mailbox.json().id);
    const url = `/api/incoming-servers/${server.json().id}`;
    expect(await queue.getJobScheduler(id)).toBeDefined();

    const { username: _u, password: _p, ...oauth } = body;
    const toOauth = await admin.request({
      method: 'PUT',
      url,
      payload: { ...oauth, authMethod: 'OAUTH2' },
    });
    expect(toOauth.statusCode).toBe(200);
    expect(await queue.getJobScheduler(id)).toBeUndefined();

    const back = await admin.request({ method: 'PUT', url, payload: body });
    expect(back.statusCode).toBe(200);
    expect(await queue.getJobScheduler(id)).toBeDefined();
  });
});

import { randomUUID } from 'node:crypto';
import { PollPop3Job, QUEUE_NAMES, SendMailJob, SettingsTestJob } from '@postwerk/contracts';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_DASHBOARD_PATH } from '../src/plugins/queue-dashboard.ts';
import { BrowserSession } from './helpers/browser-session.ts';
import { createSupportUser, createTenantWithAdmin } from './helpers/fixtures.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

const ALL_QUEUES = Object.values(QUEUE_NAMES).sort();
const PARAMS: Record<string, string> = {
  queueName: QUEUE_NAMES.sendMail,
  jobId: 'no-such-job',
  queueStatus: 'failed',
  schedulerId: 'no-such-scheduler',
};

// The BullMQ dashboard: vendor support only, read-only, and nothing secret on it.
describe('queue dashboard', () => {
  let t: TestApp;
  let support: BrowserSession;
  let admin: BrowserSession;
  let queues: Queue[];

  beforeAll(async () => {
    t = await createTestApp({ QUEUE_PREFIX: `test-${randomUUID()}` });
    queues = ALL_QUEUES.map(
      (name) => new Queue(name, { connection: t.redis, prefix: t.env.QUEUE_PREFIX }),
    );
    const tenant = await createTenantWithAdmin(t.prisma);
    admin = await BrowserSession.signedIn(t.app, tenant.adminEmail, tenant.adminPassword);
    const supportUser = await createSupportUser(t.prisma);
    support = await BrowserSession.signedIn(t.app, supportUser.email, supportUser.password);
  });
  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.obliterate({ force: true })));
    await Promise.all(queues.map((queue) => queue.close()));
    await t.close();
  });

  it('shows support the dashboard page, its assets and every queue of the product', async () => {
    const page = await support.request({ method: 'GET', url: QUEUE_DASHBOARD_PATH });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Postwerk Queues');

    // The page loads its scripts relative to its <base>: they pass the same guard.
    expect(page.body).toContain(`<base href="${QUEUE_DASHBOARD_PATH}/" />`);
    const script = /src="(static\/[^"]+\.js)"/.exec(page.body)?.[1] as string;
    const asset = await support.request({
      method: 'GET',
      url: `${QUEUE_DASHBOARD_PATH}/${script}`,
    });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');

    const listed = await support.request({
      method: 'GET',
      url: `${QUEUE_DASHBOARD_PATH}/api/queues`,
    });
    expect(listed.statusCode).toBe(200);
    const names = listed.json().queues.map((queue: { name: string }) => queue.name);
    expect(names.sort()).toEqual(ALL_QUEUES);
    for (const queue of listed.json().queues) {
      expect(queue, queue.name).toMatchObject({ readOnlyMode: true, allowRetries: false });
    }
  });

  it('refuses every dashboard route to a firm admin (403) and to a signed-out browser (401)', async () => {
    const routes = dashboardRoutesOf(t);
    // Page, assets and bull-board's whole API: the walk covers routes a new version adds.
    expect(routes.length).toBeGreaterThanOrEqual(30);
    const signedOut = new BrowserSession(t.app);
    await signedOut.start();

    for (const route of routes) {
      const label = `${route.method} ${route.url}`;
      const request = { method: route.method as 'GET', url: concreteUrl(route.url), payload: {} };
      const asAdmin = await admin.request(
        route.method === 'GET' ? { ...request, payload: undefined } : request,
      );
      expect(asAdmin.statusCode, label).toBe(403);
      expect(asAdmin.json().error.code, label).toBe('AUTH_FORBIDDEN');

      const anonymous = await signedOut.request(
        route.method === 'GET' ? { ...request, payload: undefined } : request,
      );
      expect(anonymous.statusCode, label).toBe(401);
      expect(anonymous.json().error.code, label).toBe('AUTH_REQUIRED');
    }
    const bare = await t.app.inject({ method: 'GET', url: `${QUEUE_DASHBOARD_PATH}/api/queues` });
    expect(bare.statusCode).toBe(401);
  });

  it('lets support change nothing: retry, clean, pause and add are refused or no-ops', async () => {
    const sendMail = queueNamed(queues, QUEUE_NAMES.sendMail);
    const job = await sendMail.add('send', {
      tenantId: randomUUID(),
      outboundMessageId: randomUUID(),
    });
    const base = `${QUEUE_DASHBOARD_PATH}/api/queues/${QUEUE_NAMES.sendMail}`;

    const writes = [
      { method: 'PUT', url: `${base}/${job.id}/promote` },
      { method: 'PUT', url: `${base}/${job.id}/clean` },
      { method: 'PUT', url: `${base}/clean/waiting` },
      { method: 'PUT', url: `${base}/empty` },
      { method: 'PUT', url: `${base}/pause` },
      { method: 'POST', url: `${base}/add`, payload: { name: 'x', data: {}, options: {} } },
    ] as const;
    for (const write of writes) {
      const response = await support.request({ payload: {}, ...write });
      expect(response.statusCode, write.url).toBe(405);
    }
    const pauseAll = await support.request({
      method: 'PUT',
      url: `${QUEUE_DASHBOARD_PATH}/api/queues/pause`,
      payload: {},
    });

    expect(pauseAll.statusCode).toBe(200);
    expect(await sendMail.isPaused()).toBe(false);
    expect(await sendMail.getJobCounts('waiting')).toEqual({ waiting: 1 });
    await job.remove();
  });

  it('shows job payloads with ids only: no password or message text reaches the dashboard', async () => {
    const secrets = await produceJobsThroughTheApi(admin);

    const listed = await Promise.all(
      [QUEUE_NAMES.sendMail, QUEUE_NAMES.pollPop3, QUEUE_NAMES.settingsTest].map((name) =>
        support.request({
          method: 'GET',
          url: `${QUEUE_DASHBOARD_PATH}/api/queues?activeQueue=${name}&status=latest`,
        }),
      ),
    );
    const schedulers = await support.request({
      method: 'GET',
      url: `${QUEUE_DASHBOARD_PATH}/api/job-schedulers`,
    });
    const shown = [...listed, schedulers].map((response) => response.body).join('\n');

    const jobs = listed.flatMap((response) =>
      response
        .json()
        .queues.flatMap((queue: { name: string; jobs: unknown[] }) =>
          queue.jobs.map((job) => ({ queue: queue.name, job: job as { data: object } })),
        ),
    );
    // The poll scheduler has placed its first (delayed) run, and the mailbox that just started
    // fetching has its immediate first poll.
    expect(jobs.map((j) => j.queue).sort()).toEqual([
      QUEUE_NAMES.pollPop3,
      QUEUE_NAMES.pollPop3,
      QUEUE_NAMES.sendMail,
      QUEUE_NAMES.settingsTest,
    ]);
    for (const { queue, job } of jobs) {
      expect(Object.keys(job.data).sort(), queue).toEqual(idKeysOf(queue));
    }
    const templates = schedulers.json().schedulers.map((s: { template: { data: object } }) => s);
    expect(templates).toHaveLength(1);
    expect(Object.keys(templates[0].template.data).sort()).toEqual(idKeysOf(QUEUE_NAMES.pollPop3));
    for (const secret of secrets) {
      expect(shown).not.toContain(secret);
    }
  });
});

type Route = { method: string; url: string };

function dashboardRoutesOf(t: TestApp): Route[] {
  return t.app.routeTable.filter(
    (route) => route.url.startsWith(QUEUE_DASHBOARD_PATH) && route.method !== 'HEAD',
  );
}

function concreteUrl(pattern: string): string {
  return pattern
    .replace(/:(\w+)/g, (_match, name: string) => PARAMS[name] ?? 'x')
    .replace('*', 'images/logo.svg');
}

function queueNamed(queues: Queue[], name: string): Queue {
  return queues.find((queue) => queue.name === name) as Queue;
}

function idKeysOf(queue: string): string[] {
  const shapes: Record<string, object> = {
    [QUEUE_NAMES.sendMail]: SendMailJob.shape,
    [QUEUE_NAMES.pollPop3]: PollPop3Job.shape,
    [QUEUE_NAMES.settingsTest]: SettingsTestJob.shape,
  };
  return Object.keys(shapes[queue] ?? {}).sort();
}

/** A send, a poll schedule and a settings test, made the way the portal makes them. */
async function produceJobsThroughTheApi(admin: BrowserSession): Promise<string[]> {
  const password = `Pop3-Geheim-${randomUUID()}`;
  const smtpPassword = `Smtp-Geheim-${randomUUID()}`;
  const bodyText = `Vertraulicher Text ${randomUUID()}`;
  const incoming = await admin.request({
    method: 'POST',
    url: '/api/incoming-servers',
    payload: {
      name: 'POP3',
      host: 'pop.example.com',
      port: 995,
      security: 'TLS',
      authMethod: 'PASSWORD',
      username: 'info',
      password,
    },
  });
  const outgoing = await admin.request({
    method: 'POST',
    url: '/api/outgoing-servers',
    payload: {
      name: 'SMTP',
      host: 'smtp.example.com',
      port: 587,
      security: 'STARTTLS',
      authMethod: 'PASSWORD',
      username: 'info',
      password: smtpPassword,
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
      incomingServerId: incoming.json().id,
      outgoingServerId: outgoing.json().id,
    },
  });
  const mailboxId = mailbox.json().id;
  const settings = (await admin.request({ method: 'GET', url: '/api/settings' })).json();
  delete settings.updatedAt;
  await admin.request({
    method: 'PUT',
    url: '/api/settings',
    payload: { ...settings, fetchFromIncoming: true },
  });
  const sent = await admin.request({
    method: 'POST',
    url: `/api/mailboxes/${mailboxId}/messages`,
    headers: { 'idempotency-key': randomUUID() },
    payload: { to: ['kunde@example.com'], subject: 'Angebot', text: bodyText },
  });
  const tested = await admin.request({
    method: 'POST',
    url: `/api/mailboxes/${mailboxId}/tests`,
    payload: { kind: 'INCOMING' },
  });
  expect([incoming, outgoing, mailbox].map((r) => r.statusCode)).toEqual([201, 201, 201]);
  expect([sent.statusCode, tested.statusCode]).toEqual([202, 202]);
  return [password, smtpPassword, bodyText];
}

import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@postwerk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from './helpers/browser-session.ts';
import { createSupportUser, createTenantWithAdmin } from './helpers/fixtures.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

const BODIES: Record<string, unknown> = {
  '/api/companies/:id': { name: 'Übernahme GmbH', domains: [] },
  '/api/mailboxes/:id': {
    kind: 'EMPLOYEE',
    code: 'X',
    displayName: 'X',
    externalAddress: 'x@angreifer.example',
  },
  '/api/outgoing-servers/:id': {
    name: 'x',
    host: 'smtp.example.com',
    port: 587,
    security: 'STARTTLS',
    authMethod: 'NONE',
  },
  '/api/mailboxes/:id/messages': { to: ['a@b.de'], subject: 'x', text: 'x' },
  '/api/mailboxes/:id/tests': { kind: 'INCOMING' },
  '/api/incoming-servers/:id': {
    name: 'x',
    host: 'pop.example.com',
    port: 995,
    security: 'TLS',
    authMethod: 'PASSWORD',
    username: 'x',
  },
};

// Walks the route table, so a route added later is covered without touching this test.
describe('tenant isolation', () => {
  let t: TestApp;
  let attacker: BrowserSession;
  let impersonator: BrowserSession;
  let victimIds: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    const a = await createTenantWithAdmin(t.prisma);
    const b = await createTenantWithAdmin(t.prisma);
    attacker = await BrowserSession.signedIn(t.app, a.adminEmail, a.adminPassword);
    victimIds = await createRecords(t.prisma, b.tenantId);
    impersonator = await impersonateWithChanges(t, a.tenantId);
  });
  afterAll(() => t.close());

  it('refuses every record of another tenant on every :id route (404, or 403 by role)', async () => {
    const idRoutes = idRoutesOf(t);
    expect(idRoutes.length).toBeGreaterThanOrEqual(15);

    for (const route of idRoutes) {
      const response = await callWithVictimId(attacker, route, victimIds);
      // The support console's routes are for vendor support only: 403 for a firm admin.
      const expected = route.url.startsWith('/api/support/') ? 403 : 404;
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(expected);
    }
  });

  it('refuses another tenant’s records to support impersonating tenant A, after step-up', async () => {
    // The support console itself is cross-tenant by design (it finds tenants); every route
    // that acts for the impersonated tenant must refuse B's ids like A's own admin would.
    const idRoutes = idRoutesOf(t).filter((route) => !route.url.startsWith('/api/support/'));
    for (const route of idRoutes) {
      const response = await callWithVictimId(impersonator, route, victimIds);
      const label = `${route.method} ${route.url}`;
      expect([403, 404], label).toContain(response.statusCode);
      expect(response.body, label).not.toContain(victimIds[route.url.split('/')[2] as string]);
    }
  });

  it('never lists another tenant’s records', async () => {
    const listable = [
      'companies',
      'mailboxes',
      'outgoing-servers',
      'incoming-servers',
      'session-logs',
      'access-requests',
      'audit-events',
    ];
    for (const session of [attacker, impersonator]) {
      for (const resource of listable) {
        const response = await session.request({ method: 'GET', url: `/api/${resource}` });
        expect(response.statusCode, resource).toBe(200);
        expect(response.body).not.toContain(victimIds[resource] ?? victimIds.tenant);
        expect(response.body).not.toContain(victimIds.tenant);
      }
    }
  });

  it('leaves the other tenant’s records untouched', async () => {
    expect(await t.prisma.company.count({ where: { id: victimIds.companies } })).toBe(1);
    expect(await t.prisma.mailbox.count({ where: { id: victimIds.mailboxes } })).toBe(1);
  });
});

type Route = { method: string; url: string };

function idRoutesOf(t: TestApp): Route[] {
  return t.app.routeTable.filter(
    (r) => r.url.includes(':id') && r.url.startsWith('/api/') && r.method !== 'HEAD',
  );
}

function callWithVictimId(
  session: BrowserSession,
  route: Route,
  victimIds: Record<string, string>,
) {
  const resource = route.url.split('/')[2] as string;
  const id = victimIds[resource];
  expect(id, `no victim record for ${route.url}`).toBeDefined();
  return session.request({
    method: route.method as 'GET',
    // Nested ids get a fresh UUID: the parent record alone must already be refused.
    url: route.url.replace(':id', id as string).replace(/:\w+/g, randomUUID()),
    payload:
      route.method === 'GET' || route.method === 'DELETE'
        ? undefined
        : (BODIES[route.url] as object),
  });
}

/** A support user impersonating the tenant with changes allowed (the widest support access). */
async function impersonateWithChanges(t: TestApp, tenantId: string): Promise<BrowserSession> {
  const support = await createSupportUser(t.prisma);
  const session = await BrowserSession.signedIn(t.app, support.email, support.password);
  const started = await session.request({
    method: 'POST',
    url: '/api/support/impersonations',
    payload: { tenantId, reason: 'Isolationstest', durationMinutes: 30 },
  });
  expect(started.statusCode).toBe(201);
  const steppedUp = await session.request({
    method: 'POST',
    url: '/api/support/impersonations/current/step-up',
    payload: {},
  });
  expect(steppedUp.statusCode).toBe(204);
  return session;
}

async function createRecords(prisma: PrismaClient, tenantId: string) {
  const company = await prisma.company.create({ data: { tenantId, name: 'Opfer GmbH' } });
  const outgoing = await prisma.outgoingServer.create({
    data: {
      tenantId,
      name: 'o',
      host: 'smtp.x.de',
      port: 587,
      security: 'STARTTLS',
      authMethod: 'NONE',
    },
  });
  const incoming = await prisma.incomingServer.create({
    data: {
      tenantId,
      name: 'i',
      host: 'pop.x.de',
      port: 995,
      security: 'TLS',
      authMethod: 'PASSWORD',
    },
  });
  const mailbox = await prisma.mailbox.create({
    data: {
      tenantId,
      kind: 'EMPLOYEE',
      code: 'OPFER',
      displayName: 'Opfer',
      externalAddress: `opfer-${tenantId}@x.de`,
      relayAddress: 'opfer.x@relay.example',
      incomingRelayAddress: 'opfer.x@relay.example',
    },
  });
  const message = await prisma.outboundMessage.create({
    data: {
      tenantId,
      mailboxId: mailbox.id,
      envelopeFrom: 'opfer@x.de',
      recipients: ['a@b.de'],
      raw: new Uint8Array(Buffer.from('Subject: x\r\n\r\nx\r\n')),
    },
  });
  const testRun = await prisma.settingsTestRun.create({
    data: { tenantId, mailboxId: mailbox.id, kind: 'INCOMING' },
  });
  const sessionLog = await prisma.sessionLog.create({
    data: { tenantId, mailboxId: mailbox.id, protocol: 'POP3', host: 'pop.x.de' },
  });
  const support = await prisma.portalUser.create({
    data: {
      role: 'SUPPORT',
      email: `support-${randomUUID()}@postwerk.test`,
      name: 'Support',
      passwordHash: 'x',
    },
  });
  const accessRequest = await prisma.supportAccessRequest.create({
    data: {
      tenantId,
      supportUserId: support.id,
      reason: 'Ticket 4711',
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  return {
    tenant: tenantId,
    support: tenantId,
    'access-requests': accessRequest.id,
    messages: message.id,
    'settings-tests': testRun.id,
    'session-logs': sessionLog.id,
    companies: company.id,
    mailboxes: mailbox.id,
    'outgoing-servers': outgoing.id,
    'incoming-servers': incoming.id,
  };
}

import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@postwerk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from './helpers/browser-session.ts';
import { createTenantWithAdmin } from './helpers/fixtures.ts';
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
  let victimIds: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    const a = await createTenantWithAdmin(t.prisma);
    const b = await createTenantWithAdmin(t.prisma);
    attacker = await BrowserSession.signedIn(t.app, a.adminEmail, a.adminPassword);
    victimIds = await createRecords(t.prisma, b.tenantId);
  });
  afterAll(() => t.close());

  it('answers 404 for every record of another tenant on every :id route', async () => {
    const idRoutes = t.app.routeTable.filter(
      (r) => r.url.includes(':id') && r.url.startsWith('/api/') && r.method !== 'HEAD',
    );
    expect(idRoutes.length).toBeGreaterThanOrEqual(12);

    for (const route of idRoutes) {
      const resource = route.url.split('/')[2] as string;
      const id = victimIds[resource];
      expect(id, `no victim record for ${route.url}`).toBeDefined();
      const response = await attacker.request({
        method: route.method as 'GET',
        // Nested ids get a fresh UUID: the parent record alone must already be refused.
        url: route.url.replace(':id', id as string).replace(/:\w+/g, randomUUID()),
        payload:
          route.method === 'GET' || route.method === 'DELETE'
            ? undefined
            : (BODIES[route.url] as object),
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(404);
    }
  });

  it('never lists another tenant’s records', async () => {
    const listable = [
      'companies',
      'mailboxes',
      'outgoing-servers',
      'incoming-servers',
      'session-logs',
    ];
    for (const resource of listable) {
      const response = await attacker.request({ method: 'GET', url: `/api/${resource}` });
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain(victimIds[resource]);
    }
  });

  it('leaves the other tenant’s records untouched', async () => {
    expect(await t.prisma.company.count({ where: { id: victimIds.companies } })).toBe(1);
    expect(await t.prisma.mailbox.count({ where: { id: victimIds.mailboxes } })).toBe(1);
  });
});

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
  return {
    messages: message.id,
    'settings-tests': testRun.id,
    'session-logs': sessionLog.id,
    companies: company.id,
    mailboxes: mailbox.id,
    'outgoing-servers': outgoing.id,
    'incoming-servers': incoming.id,
  };
}

import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyClient, type Caller } from './helpers/api-key-client.ts';
import { BrowserSession } from './helpers/browser-session.ts';
import {
  createSupportUser,
  createTenantWithAdmin,
  type TenantFixture,
} from './helpers/fixtures.ts';
import { describeRoutes, type IdField, type RouteShape } from './helpers/route-fields.ts';
import {
  createTenantRecords,
  fingerprintTenant,
  type TenantRecords,
} from './helpers/tenant-records.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

// Routes for vendor support only. They cross tenants by design (finding a tenant, starting to
// act for it, the queue dashboard), so a firm admin must get 403 on every one of them.
const VENDOR_ONLY = ['/api/support/', '/api/admin/'];

type Case = { route: RouteShape; label: string; foreign: IdField[] };

// Walks the route table and the OpenAPI document, so a route added later is covered, and an
// id field this test cannot fill fails it (see helpers/route-fields.ts).
describe('tenant isolation', () => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;
  let supportUserId: string;
  let attacker: BrowserSession;
  let impersonator: BrowserSession;
  let machine: ApiKeyClient;
  let victim: TenantRecords;
  let victimMarkers: string[];
  let victimFingerprint: Record<string, string>;
  let routes: RouteShape[];

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenantWithAdmin(t.prisma);
    b = await createTenantWithAdmin(t.prisma);
    const support = await createSupportUser(t.prisma);
    supportUserId = support.userId;
    attacker = await BrowserSession.signedIn(t.app, a.adminEmail, a.adminPassword);
    impersonator = await impersonateWithChanges(t, support, a.tenantId);
    machine = (await ApiKeyClient.createdBy(t.app, attacker, 'Isolationstest')).client;
    victim = await createTenantRecords(t.prisma, b.tenantId, supportUserId, 'Opfer');
    victimMarkers = [...Object.values(victim), b.slug, 'Opfer'];
    victimFingerprint = await fingerprintTenant(t.prisma, b.tenantId);
    // The queue dashboard's routes are bull-board's own, kept out of the OpenAPI document.
    routes = describeRoutes(t.app, '/api/', { hiddenUnder: ['/api/admin/queues'] });
  });
  afterAll(() => t.close());

  it('finds the ids every route carries in its path, query and body', () => {
    const labels = tenantRoutes().flatMap((route) => route.idFields.map((item) => item.label));
    expect(labels).toEqual(
      expect.arrayContaining([
        'GET /api/mailboxes/:id/inbox/:messageId path.messageId',
        'DELETE /api/mailboxes/:id/consent-links/:linkId path.linkId',
        'POST /api/mailboxes body.outgoingServerId',
        'PUT /api/mailboxes/:id body.companyServers[].companyId',
        'PUT /api/mailboxes/:id body.companyServers[].incomingServerId',
        'GET /api/session-logs query.mailboxId',
        'POST /api/mailboxes/:id/messages path.id',
        'POST /api/mailboxes/:id/tests path.id',
        'POST /api/access-requests/:id/approve path.id',
        'DELETE /api/api-keys/:id path.id',
      ]),
    );
    expect(labels.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses every vendor support route to a firm admin (403), whatever ids it names', async () => {
    const vendorRoutes = routes.filter(isVendorOnly);
    expect(vendorRoutes.length).toBeGreaterThanOrEqual(7);
    for (const route of vendorRoutes) {
      const response = await send(attacker, route, (item) => victim[item.kind]);
      expect(response.statusCode, route.label).toBe(403);
    }
  });

  it('refuses tenant B’s ids in every id field to tenant A’s firm admin', async () => {
    expect(await checkEveryCase(attacker)).toEqual([]);
  });

  it('refuses tenant B’s ids in every id field to support acting for tenant A, stepped up', async () => {
    // The vendor routes are left out: the support console finds tenants across the platform
    // by design. Every route that acts for the impersonated tenant must refuse B's ids.
    expect(await checkEveryCase(impersonator)).toEqual([]);
  });

  it('refuses tenant B’s ids in every id field to tenant A’s API key', async () => {
    // Routes closed to keys answer 403 to both requests; the machine routes must answer 404.
    // The key's own row is left out of A's fingerprint: using it stamps its lastUsedAt.
    expect(await checkEveryCase(machine, ['ApiKey'])).toEqual([]);
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
        expect(markersIn(response), resource).toEqual([]);
      }
    }
  });

  it('leaves every row of the other tenant as it was', async () => {
    expect(await fingerprintTenant(t.prisma, b.tenantId)).toEqual(victimFingerprint);
  });

  function tenantRoutes(): RouteShape[] {
    return routes.filter((route) => !isVendorOnly(route) && route.idFields.length > 0);
  }

  /**
   * Each id field in turn holds B's id while the others hold A's own (A's mailbox with B's
   * consent link, B's server in A's mailbox), then all of them hold B's. Each such request
   * must be refused (403 or 404; 400 for an id in the body or query), show nothing of B and
   * write nothing anywhere.
   * The same request with A's own ids must then go through, which proves that the foreign
   * id was the reason; a route closed to the session as a whole refuses both with 403.
   */
  async function checkEveryCase(session: Caller, alsoExcept: string[] = []): Promise<string[]> {
    const failures: string[] = [];
    // Audit rows are left out: support's successful calls are audited after the reply.
    const except = ['AuditEvent', ...alsoExcept];
    for (const { route, label, foreign } of tenantRoutes().flatMap(casesOf)) {
      const own = await createTenantRecords(t.prisma, a.tenantId, supportUserId, 'Eigen');
      const ownBefore = await fingerprintTenant(t.prisma, a.tenantId, { except });
      const attack = await send(session, route, (item) =>
        foreign.includes(item) ? victim[item.kind] : own[item.kind],
      );
      // A record named in the path is not found (404) or closed (403). One named in the body
      // or query of a request about A's own record may also be refused as invalid input
      // (400), as an id that does not exist at all is.
      const inPathOnly = foreign.every((item) => item.where === 'path');
      const allowed = inPathOnly ? [403, 404] : [400, 403, 404];
      if (!allowed.includes(attack.statusCode)) {
        failures.push(`${label}: answered ${attack.statusCode} ${attack.body.slice(0, 300)}`);
      }
      if (markersIn(attack).length > 0) {
        failures.push(`${label}: the reply shows B's ${markersIn(attack).join(', ')}`);
      }
      if (!isEqual(await fingerprintTenant(t.prisma, b.tenantId), victimFingerprint)) {
        failures.push(`${label}: tenant B's rows changed`);
        victimFingerprint = await fingerprintTenant(t.prisma, b.tenantId);
      }
      const ownAfter = await fingerprintTenant(t.prisma, a.tenantId, { except });
      if (!isEqual(ownAfter, ownBefore)) {
        failures.push(`${label}: the refused request still wrote tenant A's rows`);
      }

      const control = await send(session, route, (item) => own[item.kind]);
      const closedToSession = control.statusCode === 403 && attack.statusCode === 403;
      if (control.statusCode >= 400 && !closedToSession) {
        failures.push(
          `${label}: with A's own ids it answered ${control.statusCode} ` +
            `${control.body.slice(0, 300)}, so the refusal proves nothing`,
        );
      }
    }
    return failures;
  }

  function markersIn(response: LightMyRequestResponse): string[] {
    return victimMarkers.filter((marker) => response.body.includes(marker));
  }
});

function casesOf(route: RouteShape): Case[] {
  const single = route.idFields.map((item) => ({
    route,
    label: `${item.label} = B's`,
    foreign: [item],
  }));
  if (route.idFields.length < 2) {
    return single;
  }
  return [...single, { route, label: `${route.label} with all ids B's`, foreign: route.idFields }];
}

function isVendorOnly(route: RouteShape): boolean {
  return VENDOR_ONLY.some((prefix) => route.url.startsWith(prefix));
}

function send(session: Caller, route: RouteShape, idOf: (item: IdField) => string) {
  const request = route.build(idOf);
  return session.request({
    method: route.method as 'GET',
    url: request.url,
    query: request.query,
    payload: request.payload as object | undefined,
  });
}

function isEqual(left: Record<string, string>, right: Record<string, string>): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

/** A support user impersonating the tenant with changes allowed (the widest support access). */
async function impersonateWithChanges(
  t: TestApp,
  support: { email: string; password: string },
  tenantId: string,
): Promise<BrowserSession> {
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

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from './helpers/browser-session.ts';
import {
  createSupportUser,
  createTenantWithAdmin,
  type SupportFixture,
  type TenantFixture,
} from './helpers/fixtures.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

const SETTINGS = {
  sendRoute: 'RELAY',
  directConnection: false,
  logSmtpSessions: true,
  fetchFromIncoming: false,
  logPop3Sessions: false,
  serversPerCompany: false,
  gobdDuplication: false,
};

describe('support impersonation', () => {
  let t: TestApp;
  let tenant: TenantFixture;
  let support: SupportFixture;
  let admin: BrowserSession;

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await createTenantWithAdmin(t.prisma);
    support = await createSupportUser(t.prisma);
    admin = await BrowserSession.signedIn(t.app, tenant.adminEmail, tenant.adminPassword);
  });
  afterAll(() => t.close());

  async function signInSupport() {
    return BrowserSession.signedIn(t.app, support.email, support.password);
  }

  function start(session: BrowserSession, reason = 'Ticket #4711', durationMinutes = 30) {
    return session.request({
      method: 'POST',
      url: '/api/support/impersonations',
      payload: { tenantId: tenant.tenantId, reason, durationMinutes },
    });
  }

  it('finds the tenant by identifier and shows that a secret exists, never its value', async () => {
    await t.prisma.outgoingServer.create({
      data: {
        tenantId: tenant.tenantId,
        name: 'Exchange',
        host: 'smtp.x.de',
        port: 587,
        security: 'STARTTLS',
        authMethod: 'PASSWORD',
        passwordCipher: 'sealed-geheimnis',
      },
    });
    const session = await signInSupport();
    const found = await session.request({
      method: 'GET',
      url: `/api/support/tenants?query=${tenant.slug}`,
    });
    expect(found.json().tenants).toEqual([expect.objectContaining({ id: tenant.tenantId })]);

    const detail = await session.request({
      method: 'GET',
      url: `/api/support/tenants/${tenant.tenantId}`,
    });
    expect(detail.statusCode).toBe(200);
    expect(detail.body).not.toContain('sealed-geheimnis');
    expect(detail.body).not.toContain('passwordCipher');
    const adminTry = await admin.request({ method: 'GET', url: '/api/support/tenants?query=' });
    expect(adminTry.statusCode).toBe(403);
  });

  it('is read-only until stepped up, audits every step with the reason, and stops', async () => {
    const session = await signInSupport();
    expect((await start(session)).statusCode).toBe(201);

    const banner = (await session.request({ method: 'GET', url: '/api/auth/session' })).json();
    expect(banner.impersonation).toMatchObject({
      tenant: { id: tenant.tenantId, slug: tenant.slug },
      reason: 'Ticket #4711',
      readOnly: true,
    });
    expect(banner.impersonation.secondsLeft).toBeGreaterThan(29 * 60);
    expect((await session.request({ method: 'GET', url: '/api/settings' })).statusCode).toBe(200);

    const refused = await session.request({
      method: 'PUT',
      url: '/api/settings',
      payload: SETTINGS,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('IMPERSONATION_READ_ONLY');
    expect(refused.json().error.message).toMatch(/schreibgeschützt/);
    expect((await start(session)).json().error.code).toBe('IMPERSONATION_ACTIVE');
    // A GET that starts a Microsoft sign-in changes state too.
    const signIn = await session.request({
      method: 'GET',
      url: `/api/mailboxes/${randomUUID()}/microsoft/start`,
    });
    expect(signIn.json().error.code).toBe('IMPERSONATION_READ_ONLY');

    const stepUp = await session.request({
      method: 'POST',
      url: '/api/support/impersonations/current/step-up',
      payload: { reason: 'Kunde bittet um Protokollierung' },
    });
    expect(stepUp.statusCode).toBe(204);
    const changed = await session.request({
      method: 'PUT',
      url: '/api/settings',
      payload: SETTINGS,
    });
    expect(changed.statusCode).toBe(200);

    const stop = await session.request({
      method: 'POST',
      url: '/api/support/impersonations/current/stop',
    });
    expect(stop.statusCode).toBe(204);
    const after = (await session.request({ method: 'GET', url: '/api/auth/session' })).json();
    expect(after.impersonation).toBeNull();
    expect((await session.request({ method: 'GET', url: '/api/settings' })).statusCode).toBe(403);

    const log = await admin.request({ method: 'GET', url: '/api/audit-events' });
    const events = log.json().events as Array<Record<string, unknown>>;
    const bySupport = events.filter(
      (event) => (event.actor as { name?: string } | null)?.name === support.name,
    );
    expect(bySupport.map((event) => event.action).slice(0, 4)).toEqual([
      'support.impersonation.stopped',
      'support.impersonation.change',
      'support.impersonation.stepped_up',
      'support.impersonation.started',
    ]);
    expect(bySupport[0]).toMatchObject({ reason: 'Ticket #4711', actor: { role: 'SUPPORT' } });
    expect(bySupport[1]).toMatchObject({ details: { method: 'PUT', url: '/api/settings' } });
    expect(bySupport[2]).toMatchObject({ reason: 'Kunde bittet um Protokollierung' });
  });

  it('ends by itself when the time is up and refuses the next request', async () => {
    const session = await signInSupport();
    const started = await start(session, 'Ticket #4712', 5);
    const id = started.json().id as string;
    await t.prisma.supportImpersonation.update({
      where: { id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    const refused = await session.request({ method: 'GET', url: '/api/mailboxes' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('IMPERSONATION_EXPIRED');
    const row = await t.prisma.supportImpersonation.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ endReason: 'EXPIRED' });
    expect(row.endedAt).not.toBeNull();
    expect((await session.request({ method: 'GET', url: '/api/mailboxes' })).statusCode).toBe(403);
    const banner = (await session.request({ method: 'GET', url: '/api/auth/session' })).json();
    expect(banner.impersonation).toBeNull();
    const expired = await t.prisma.auditEvent.count({
      where: { targetId: id, action: 'support.impersonation.expired' },
    });
    expect(expired).toBe(1);
  });

  it('refuses a duration past the limit and a missing reason', async () => {
    const session = await signInSupport();
    expect((await start(session, 'Ticket', 61)).statusCode).toBe(400);
    expect((await start(session, '', 30)).statusCode).toBe(400);
  });

  it('waits for a firm admin’s approval when the tenant requires it', async () => {
    const policy = await admin.request({
      method: 'PUT',
      url: '/api/access-requests/policy',
      payload: { requireSupportApproval: true },
    });
    expect(policy.statusCode).toBe(200);
    const session = await signInSupport();
    expect((await start(session)).json().error.code).toBe('SUPPORT_APPROVAL_REQUIRED');

    const asked = await session.request({
      method: 'POST',
      url: '/api/support/access-requests',
      payload: { tenantId: tenant.tenantId, reason: 'Ticket #4713: Versand prüfen' },
    });
    expect(asked.statusCode).toBe(201);
    const pending = (await admin.request({ method: 'GET', url: '/api/access-requests' })).json();
    expect(pending.requests[0]).toMatchObject({
      id: asked.json().id,
      status: 'PENDING',
      supportUser: { name: support.name },
    });
    expect((await start(session)).json().error.code).toBe('SUPPORT_APPROVAL_REQUIRED');

    const approve = await admin.request({
      method: 'POST',
      url: `/api/access-requests/${asked.json().id}/approve`,
    });
    expect(approve.statusCode).toBe(204);
    expect((await start(session)).statusCode).toBe(201);
    await session.request({ method: 'POST', url: '/api/support/impersonations/current/stop' });
    // An approval allows one impersonation.
    expect((await start(session)).json().error.code).toBe('SUPPORT_APPROVAL_REQUIRED');

    const log = (await admin.request({ method: 'GET', url: '/api/audit-events' })).json();
    const actions = log.events.map((event: { action: string }) => event.action);
    expect(actions).toContain('support.access_request.approved');
    expect(actions).toContain('support.access_request.created');
  });

  it('lets a firm admin decline, and never lets support decide for the tenant', async () => {
    await t.prisma.tenant.update({
      where: { id: tenant.tenantId },
      data: { requireSupportApproval: false },
    });
    const session = await signInSupport();
    const asked = await session.request({
      method: 'POST',
      url: '/api/support/access-requests',
      payload: { tenantId: tenant.tenantId, reason: 'Ticket #4714' },
    });
    const url = `/api/access-requests/${asked.json().id}/approve`;
    await start(session);
    await session.request({ method: 'POST', url: '/api/support/impersonations/current/step-up' });
    expect((await session.request({ method: 'POST', url })).statusCode).toBe(403);

    const decline = `/api/access-requests/${asked.json().id}/decline`;
    expect((await admin.request({ method: 'POST', url: decline })).statusCode).toBe(204);
    const again = await admin.request({ method: 'POST', url });
    expect(again.json().error.code).toBe('ACCESS_REQUEST_DECIDED');
  });
});

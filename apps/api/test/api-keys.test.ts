import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyClient } from './helpers/api-key-client.ts';
import { BrowserSession } from './helpers/browser-session.ts';
import { createSupportUser, createTenantWithAdmin } from './helpers/fixtures.ts';
import { createTenantRecords, type TenantRecords } from './helpers/tenant-records.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

// Other vendor software calls the API with a tenant's API key instead of a portal session.
describe('API keys', () => {
  let t: TestApp;
  let admin: BrowserSession;
  let adminB: BrowserSession;
  let supportUserId: string;
  let own: TenantRecords;
  let foreign: TenantRecords;

  beforeAll(async () => {
    t = await createTestApp({ QUEUE_PREFIX: `test-${randomUUID()}` });
    const a = await createTenantWithAdmin(t.prisma);
    const b = await createTenantWithAdmin(t.prisma);
    supportUserId = (await createSupportUser(t.prisma)).userId;
    admin = await BrowserSession.signedIn(t.app, a.adminEmail, a.adminPassword);
    adminB = await BrowserSession.signedIn(t.app, b.adminEmail, b.adminPassword);
    own = await createTenantRecords(t.prisma, a.tenantId, supportUserId, 'Eigen');
    foreign = await createTenantRecords(t.prisma, b.tenantId, supportUserId, 'Fremd');
  });
  afterAll(() => t.close());

  function submit(caller: { request: BrowserSession['request'] }, mailboxId: string) {
    return caller.request({
      method: 'POST',
      url: `/api/mailboxes/${mailboxId}/messages`,
      payload: { to: ['kunde@example.com'], subject: 'Rechnung 4711', text: 'Guten Tag' },
    });
  }

  it('creates a key, submits mail and reads status and Posteingang with it, then revokes it', async () => {
    const created = await admin.request({
      method: 'POST',
      url: '/api/api-keys',
      payload: { name: 'Warenwirtschaft' },
    });
    expect(created.statusCode).toBe(201);
    const { id, key, prefix } = created.json();
    expect(key).toMatch(/^pwk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    const client = new ApiKeyClient(t.app, key);

    // No cookie and no CSRF token: the key alone authenticates.
    const accepted = await submit(client, own.mailbox);
    expect(accepted.statusCode).toBe(202);
    const status = await client.request({
      method: 'GET',
      url: `/api/messages/${accepted.json().id}`,
    });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ mailboxId: own.mailbox, status: 'QUEUED' });
    const inbox = await client.request({
      method: 'GET',
      url: `/api/mailboxes/${own.mailbox}/inbox`,
    });
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json().map((item: { id: string }) => item.id)).toContain(own.receivedMessage);
    const messagePath = `/api/mailboxes/${own.mailbox}/inbox/${own.receivedMessage}`;
    expect((await client.request({ method: 'GET', url: messagePath })).json().subject).toBe(
      'Eigen',
    );
    const raw = await client.request({ method: 'GET', url: `${messagePath}/raw` });
    expect(raw.headers['content-type']).toBe('message/rfc822');

    const listed = (await admin.request({ method: 'GET', url: '/api/api-keys' })).json();
    const row = listed.find((item: { id: string }) => item.id === id);
    expect(row).toMatchObject({ name: 'Warenwirtschaft', prefix, revokedAt: null });
    expect(row.lastUsedAt).not.toBeNull();
    expect(row.createdBy).toEqual({ name: 'Test Admin' });
    expect(row).not.toHaveProperty('key');

    const revoked = await admin.request({ method: 'DELETE', url: `/api/api-keys/${id}` });
    expect(revoked.statusCode).toBe(204);
    const refused = await submit(client, own.mailbox);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('API_KEY_INVALID');
    expect(refused.headers['www-authenticate']).toBe('Bearer error="invalid_token"');

    const audit = await t.prisma.auditEvent.findMany({
      where: { tenantId: own.tenant, targetId: id },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((event) => event.action)).toEqual(['api_key.created', 'api_key.revoked']);
    expect(audit[0]?.details).toEqual({ name: 'Warenwirtschaft', prefix });
  });

  it('stores only the SHA-256 of the key, and the key appears in no other reply', async () => {
    const { client, id } = await ApiKeyClient.createdBy(t.app, admin);
    const stored = await t.prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(stored.secretHash).toBe(createHash('sha256').update(client.key).digest('hex'));
    const secretPart = client.key.slice(13);
    expect(JSON.stringify(stored)).not.toContain(secretPart);

    const replies = [
      await admin.request({ method: 'GET', url: '/api/api-keys' }),
      await admin.request({ method: 'GET', url: '/api/audit-events' }),
      await submit(client, own.mailbox),
      await client.request({ method: 'GET', url: `/api/mailboxes/${own.mailbox}/inbox` }),
      await client.request({ method: 'GET', url: '/api/settings' }),
    ];
    for (const reply of replies) {
      expect(reply.body).not.toContain(secretPart);
      expect(JSON.stringify(reply.headers)).not.toContain(secretPart);
    }
  });

  it('refuses an unknown, a garbled, an empty and a revoked key with 401 API_KEY_INVALID', async () => {
    const { client, id } = await ApiKeyClient.createdBy(t.app, admin);
    await admin.request({ method: 'DELETE', url: `/api/api-keys/${id}` });
    const unknown = `pwk_0badc0de_${'A'.repeat(43)}`;
    const headers = [
      `Bearer ${unknown}`,
      `Bearer ${client.key}`,
      `bearer ${client.key.slice(0, -1)}`,
      'Bearer pwk_kaputt',
      'Bearer ',
      `Bearer ${client.key}x`,
    ];
    for (const authorization of headers) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/mailboxes/${own.mailbox}/inbox`,
        headers: { authorization },
      });
      expect(response.statusCode, authorization).toBe(401);
      expect(response.json().error.code, authorization).toBe('API_KEY_INVALID');
    }
  });

  it('refuses a key on every route that is not a machine route with 403', async () => {
    const { client, id } = await ApiKeyClient.createdBy(t.app, admin);
    const closed = [
      { method: 'GET', url: '/api/mailboxes' },
      { method: 'GET', url: `/api/mailboxes/${own.mailbox}` },
      { method: 'GET', url: '/api/settings' },
      { method: 'GET', url: '/api/outgoing-servers' },
      { method: 'GET', url: '/api/api-keys' },
      { method: 'POST', url: '/api/api-keys', payload: { name: 'Zweitschlüssel' } },
      { method: 'DELETE', url: `/api/api-keys/${id}` },
      { method: 'POST', url: `/api/mailboxes/${own.mailbox}/consent-links` },
      { method: 'GET', url: '/api/audit-events' },
      { method: 'GET', url: '/api/support/tenants?q=test' },
    ] as const;
    for (const request of closed) {
      const response = await client.request(request);
      expect(response.statusCode, request.url).toBe(403);
      expect(response.json().error.code, request.url).toBe('API_KEY_ROUTE_FORBIDDEN');
    }
    expect(await t.prisma.apiKey.count({ where: { tenantId: own.tenant } })).toBeGreaterThan(0);
    const key = await t.prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(key.revokedAt).toBeNull();
  });

  it('judges a request by its key alone, whatever session cookie it carries', async () => {
    const { client } = await ApiKeyClient.createdBy(t.app, admin);
    const withCookieOfB = (options: { method: 'GET' | 'POST'; url: string; payload?: object }) =>
      client.request({ ...options, headers: { cookie: cookieHeaderOf(adminB) } });

    const ownInbox = await withCookieOfB({
      method: 'GET',
      url: `/api/mailboxes/${own.mailbox}/inbox`,
    });
    expect(ownInbox.statusCode).toBe(200);
    const inboxOfB = await withCookieOfB({
      method: 'GET',
      url: `/api/mailboxes/${foreign.mailbox}/inbox`,
    });
    expect(inboxOfB.statusCode).toBe(404);
    // The cookie of B's admin opens none of B's settings either.
    const settings = await withCookieOfB({ method: 'GET', url: '/api/settings' });
    expect(settings.statusCode).toBe(403);
  });

  it('never lets tenant A’s key reach tenant B’s mailboxes, messages or keys', async () => {
    const { client } = await ApiKeyClient.createdBy(t.app, admin);
    const { id: keyOfB } = await ApiKeyClient.createdBy(t.app, adminB);
    const foreignPaths = [
      `/api/messages/${foreign.outboundMessage}`,
      `/api/mailboxes/${foreign.mailbox}/inbox`,
      `/api/mailboxes/${foreign.mailbox}/inbox/${foreign.receivedMessage}`,
      `/api/mailboxes/${foreign.mailbox}/inbox/${foreign.receivedMessage}/raw`,
      `/api/mailboxes/${own.mailbox}/inbox/${foreign.receivedMessage}`,
    ];
    for (const url of foreignPaths) {
      const response = await client.request({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toContain('Fremd');
    }
    const before = await t.prisma.outboundMessage.count({ where: { tenantId: foreign.tenant } });
    expect((await submit(client, foreign.mailbox)).statusCode).toBe(404);
    expect(await t.prisma.outboundMessage.count({ where: { tenantId: foreign.tenant } })).toBe(
      before,
    );

    const revokeOfB = await admin.request({ method: 'DELETE', url: `/api/api-keys/${keyOfB}` });
    expect(revokeOfB.statusCode).toBe(404);
    expect(revokeOfB.json().error.code).toBe('API_KEY_NOT_FOUND');
    const listed = (await admin.request({ method: 'GET', url: '/api/api-keys' })).json();
    expect(listed.map((item: { id: string }) => item.id)).not.toContain(keyOfB);
  });

  it('writes lastUsedAt at most once a minute', async () => {
    const { client, id } = await ApiKeyClient.createdBy(t.app, admin);
    const inbox = { method: 'GET', url: `/api/mailboxes/${own.mailbox}/inbox` } as const;
    await client.request(inbox);
    const first = (await t.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    expect(first).not.toBeNull();
    await client.request(inbox);
    const second = (await t.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    expect(second).toEqual(first);

    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await t.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: twoMinutesAgo } });
    await client.request(inbox);
    const third = (await t.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    expect(third?.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });

  it('lets only a firm admin in person manage keys, never support acting for the tenant', async () => {
    const support = await createSupportUser(t.prisma);
    const session = await BrowserSession.signedIn(t.app, support.email, support.password);
    const { id } = await ApiKeyClient.createdBy(t.app, admin);
    const started = await session.request({
      method: 'POST',
      url: '/api/support/impersonations',
      payload: { tenantId: own.tenant, reason: 'Ticket 42', durationMinutes: 30 },
    });
    expect(started.statusCode).toBe(201);
    const steppedUp = await session.request({
      method: 'POST',
      url: '/api/support/impersonations/current/step-up',
      payload: {},
    });
    expect(steppedUp.statusCode).toBe(204);

    const attempts = [
      { method: 'GET', url: '/api/api-keys' },
      { method: 'POST', url: '/api/api-keys', payload: { name: 'Support-Schlüssel' } },
      { method: 'DELETE', url: `/api/api-keys/${id}` },
    ] as const;
    for (const request of attempts) {
      const response = await session.request(request);
      expect(response.statusCode, request.method).toBe(403);
      expect(response.body).not.toMatch(/pwk_[0-9a-f]{8}_/);
    }
    const keys = await t.prisma.apiKey.findMany({ where: { tenantId: own.tenant } });
    expect(keys.map((key) => key.name)).not.toContain('Support-Schlüssel');
    expect(keys.find((key) => key.id === id)?.revokedAt).toBeNull();
  });

  it('declares the bearer scheme on exactly the machine routes in the OpenAPI document', () => {
    type Operation = { security?: Array<Record<string, string[]>> };
    const document = t.app.swagger() as {
      components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
      paths: Record<string, Record<string, Operation>>;
    };
    expect(document.components.securitySchemes.apiKey).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const withKey = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.security?.some((item) => 'apiKey' in item))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(withKey.sort()).toEqual(
      [
        'GET /api/mailboxes/{id}/inbox',
        'GET /api/mailboxes/{id}/inbox/{messageId}',
        'GET /api/mailboxes/{id}/inbox/{messageId}/raw',
        'GET /api/messages/{id}',
        'POST /api/mailboxes/{id}/messages',
      ].sort(),
    );
  });
});

function cookieHeaderOf(session: BrowserSession): string {
  return [...session.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from './helpers/browser-session.ts';
import { createTenantWithAdmin } from './helpers/fixtures.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

// The portal translates field problems by code: each carries a stable code, its parameters
// and a plain German sentence, never zod's developer wording ("Zu klein: erwartet …").
describe('field issue codes', () => {
  let t: TestApp;
  let admin: BrowserSession;

  beforeAll(async () => {
    t = await createTestApp();
    const tenant = await createTenantWithAdmin(t.prisma);
    admin = await BrowserSession.signedIn(t.app, tenant.adminEmail, tenant.adminPassword);
  });
  afterAll(() => t.close());

  const server = { port: 587, security: 'STARTTLS', authMethod: 'NONE' };

  it('reports empty and blank required texts as REQUIRED', async () => {
    const response = await admin.request({
      method: 'POST',
      url: '/api/outgoing-servers',
      payload: { ...server, name: '   ', host: '' },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toEqual([
      { path: 'name', code: 'REQUIRED', message: 'Bitte füllen Sie dieses Feld aus.' },
      { path: 'host', code: 'REQUIRED', message: 'Bitte füllen Sie dieses Feld aus.' },
    ]);
  });

  it('reports a missing field as REQUIRED and a wrong type by its own code', async () => {
    const response = await admin.request({
      method: 'POST',
      url: '/api/outgoing-servers',
      payload: { ...server, name: 42, port: 'abc' },
    });

    const fields = response.json().error.fields;
    expect(fields).toContainEqual(expect.objectContaining({ path: 'host', code: 'REQUIRED' }));
    expect(fields).toContainEqual(
      expect.objectContaining({
        path: 'name',
        code: 'INVALID_TYPE',
        params: { expected: 'string' },
      }),
    );
    expect(fields).toContainEqual(expect.objectContaining({ path: 'port', code: 'NOT_A_NUMBER' }));
    expect(JSON.stringify(fields)).not.toMatch(/INVALID_INVALID|Zu klein|Zu groß|erwartet, dass/);
  });

  it('names the limit of an overlong text as TOO_LONG with its maximum', async () => {
    const response = await admin.request({
      method: 'POST',
      url: '/api/outgoing-servers',
      payload: { ...server, name: 'x'.repeat(101), host: 'smtp.example.com' },
    });

    expect(response.json().error.fields).toEqual([
      {
        path: 'name',
        code: 'TOO_LONG',
        message: 'Bitte geben Sie höchstens 100 Zeichen ein.',
        params: { maximum: 100 },
      },
    ]);
  });

  it('names a wrong choice, a bad uuid and a number out of range by code', async () => {
    const response = await admin.request({
      method: 'POST',
      url: '/api/mailboxes',
      payload: {
        kind: 'BOSS',
        code: 'X',
        displayName: 'X',
        externalAddress: 'x@bau-firma.de',
        outgoingServerId: 'nicht-eine-id',
        pollIntervalMinutes: 5000,
      },
    });

    const fields = response.json().error.fields;
    expect(fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'kind',
          code: 'INVALID_CHOICE',
          params: { options: 'EMPLOYEE, PUBLIC' },
        }),
        expect.objectContaining({
          path: 'outgoingServerId',
          code: 'INVALID_FORMAT',
          params: { format: 'uuid' },
        }),
        expect.objectContaining({
          path: 'pollIntervalMinutes',
          code: 'TOO_BIG',
          params: { maximum: 1440 },
        }),
      ]),
    );
  });

  it('answers bad JSON with a typed 400 in German', async () => {
    const response = await admin.request({
      method: 'POST',
      url: '/api/outgoing-servers',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({
      code: 'REQUEST_BODY_INVALID',
      message: 'Der Inhalt der Anfrage ist kein gültiges JSON.',
    });
  });

  it('names the mailboxes that still use a server', async () => {
    const created = await admin.request({
      method: 'POST',
      url: '/api/outgoing-servers',
      payload: { ...server, name: 'In Gebrauch', host: 'smtp.example.com' },
    });
    const outgoingServerId = created.json().id;
    for (const code of ['BECKER', 'INFO']) {
      const mailbox = await admin.request({
        method: 'POST',
        url: '/api/mailboxes',
        payload: {
          kind: 'EMPLOYEE',
          code,
          displayName: code,
          externalAddress: `${code.toLowerCase()}@in-gebrauch.example`,
          outgoingServerId,
        },
      });
      expect(mailbox.statusCode).toBe(201);
    }

    const refused = await admin.request({
      method: 'DELETE',
      url: `/api/outgoing-servers/${outgoingServerId}`,
    });

    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toEqual({
      code: 'SERVER_IN_USE',
      message: 'Der Server wird noch von 2 Postfächern verwendet: BECKER, INFO.',
      details: { count: 2, mailboxes: 'BECKER, INFO' },
    });
  });

  it('stores an internationalised host name in punycode', async () => {
    const response = await admin.request({
      method: 'POST',
      url: '/api/outgoing-servers',
      payload: { ...server, name: 'Umlaut-Host', host: 'smtp.bäcker-müller.de' },
    });

    expect(response.statusCode).toBe(201);
    expect(response.json().host).toBe('smtp.xn--bcker-mller-l8a23a.de');
  });

  it('reports a taken code and a taken address at once', async () => {
    const payload = {
      kind: 'EMPLOYEE',
      code: 'DOPPELT',
      displayName: 'Doppelt',
      externalAddress: 'doppelt@bau-firma.de',
    };
    const first = await admin.request({ method: 'POST', url: '/api/mailboxes', payload });
    const second = await admin.request({ method: 'POST', url: '/api/mailboxes', payload });

    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(409);
    const paths = second.json().error.fields.map((field: { path: string }) => field.path);
    expect(paths).toEqual(['code', 'externalAddress']);
  });
});

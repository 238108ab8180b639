import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from './helpers/browser-session.ts';
import { createTenantWithAdmin, type TenantFixture } from './helpers/fixtures.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

const PASSWORD = 'Sehr-Geheim-Grüße§€-4711';

describe('servers', () => {
  let t: TestApp;
  let tenant: TenantFixture;
  let admin: BrowserSession;

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await createTenantWithAdmin(t.prisma);
    admin = await BrowserSession.signedIn(t.app, tenant.adminEmail, tenant.adminPassword);
  });
  afterAll(() => t.close());

  it('refuses implicit TLS on port 587 with a German message naming the working combination', async () => {
    const response = await admin.request({
      method: 'POST',
      url: '/api/outgoing-servers',
      payload: {
        name: 'M365',
        host: 'outlook.office365.com',
        port: 587,
        security: 'TLS',
        authMethod: 'OAUTH2',
      },
    });

    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields).toEqual([
      expect.objectContaining({ path: 'security', code: 'PORT_SECURITY_MISMATCH' }),
    ]);
    expect(error.fields[0].message).toContain('STARTTLS');
    expect(error.fields[0].message).toContain('465');
  });

  it('refuses STARTTLS on POP3 port 995 and a host with a scheme', async () => {
    const response = await admin.request({
      method: 'POST',
      url: '/api/incoming-servers',
      payload: {
        name: 'POP',
        host: 'https://outlook.office365.com',
        port: 995,
        security: 'STARTTLS',
        authMethod: 'OAUTH2',
      },
    });

    const paths = response.json().error.fields.map((f: { path: string }) => f.path);
    expect(response.statusCode).toBe(400);
    expect(paths).toEqual(['host', 'security']);
  });

  it('stores a password encrypted, never returns it and never logs it', async () => {
    const created = await admin.request({
      method: 'POST',
      url: '/api/outgoing-servers',
      payload: {
        name: 'Provider',
        host: 'smtp.provider.example',
        port: 465,
        security: 'TLS',
        authMethod: 'PASSWORD',
        username: 'buero@bau-firma.de',
        password: PASSWORD,
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ hasPassword: true, username: 'buero@bau-firma.de' });

    const row = await t.prisma.outgoingServer.findUniqueOrThrow({
      where: { id: created.json().id },
    });
    expect(row.passwordCipher).toMatch(/^v1\.test\./);
    expect(row.passwordCipher).not.toContain(PASSWORD);

    const listed = await admin.request({ method: 'GET', url: '/api/outgoing-servers' });
    const read = await admin.request({ method: 'GET', url: `/api/outgoing-servers/${row.id}` });
    for (const body of [created.body, listed.body, read.body]) {
      expect(body).not.toContain(PASSWORD);
      expect(body).not.toContain('passwordCipher');
      expect(body).not.toContain(row.passwordCipher as string);
    }
    expect(t.logs.length).toBeGreaterThan(0);
    expect(t.logs.join('\n')).not.toContain(PASSWORD);
  });

  it('keeps the stored password when an update leaves the field out', async () => {
    const created = await admin.request({
      method: 'POST',
      url: '/api/incoming-servers',
      payload: {
        name: 'POP Provider',
        host: 'pop.provider.example',
        port: 995,
        security: 'TLS',
        authMethod: 'PASSWORD',
        username: 'buero',
        password: PASSWORD,
      },
    });
    const id = created.json().id;
    const before = await t.prisma.incomingServer.findUniqueOrThrow({ where: { id } });

    const updated = await admin.request({
      method: 'PUT',
      url: `/api/incoming-servers/${id}`,
      payload: {
        name: 'POP Provider 2',
        host: 'pop.provider.example',
        port: 995,
        security: 'TLS',
        authMethod: 'PASSWORD',
        username: 'buero',
      },
    });

    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      name: 'POP Provider 2',
      hasPassword: true,
      protocol: 'POP3',
    });
    const after = await t.prisma.incomingServer.findUniqueOrThrow({ where: { id } });
    expect(after.passwordCipher).toBe(before.passwordCipher);
  });

  it('refuses a duplicate server name with a field error', async () => {
    const payload = {
      name: 'Doppelt',
      host: 'smtp.example.com',
      port: 587,
      security: 'STARTTLS',
      authMethod: 'NONE',
    };
    await admin.request({ method: 'POST', url: '/api/outgoing-servers', payload });
    const second = await admin.request({ method: 'POST', url: '/api/outgoing-servers', payload });

    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({
      code: 'SERVER_NAME_TAKEN',
      fields: [{ path: 'name' }],
    });
  });
});

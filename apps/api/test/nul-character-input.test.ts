import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from './helpers/browser-session.ts';
import { createTenantWithAdmin, type TenantFixture } from './helpers/fixtures.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

// A user test sent "a\u0000b" in form fields: PostgreSQL refused the text (SQLSTATE 22021) and
// the API answered 500. It must be a 400 that names the field, and store nothing.
describe('input with a NUL character', () => {
  let t: TestApp;
  let tenant: TenantFixture;
  let admin: BrowserSession;

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await createTenantWithAdmin(t.prisma);
    admin = await BrowserSession.signedIn(t.app, tenant.adminEmail, tenant.adminPassword);
  });
  afterAll(() => t.close());

  it('is refused with the field named, for a company and a server', async () => {
    const company = await admin.request({
      method: 'POST',
      url: '/api/companies',
      payload: { name: 'Bau\u0000 GmbH', domains: ['bau-nul.de'] },
    });
    const server = await admin.request({
      method: 'POST',
      url: '/api/outgoing-servers',
      payload: {
        name: 'SMTP',
        host: 'smtp.provider.example',
        port: 465,
        security: 'TLS',
        authMethod: 'PASSWORD',
        username: 'buero@bau-firma.de',
        password: 'geheim\u0000',
      },
    });

    expect(company.statusCode).toBe(400);
    expect(company.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'name', code: 'CONTROL_CHARACTER' }],
    });
    expect(server.statusCode).toBe(400);
    expect(server.json().error.fields).toEqual([
      expect.objectContaining({ path: 'password', code: 'CONTROL_CHARACTER' }),
    ]);
    const where = { where: { tenantId: tenant.tenantId } };
    expect(await t.prisma.company.count(where)).toBe(0);
    expect(await t.prisma.outgoingServer.count(where)).toBe(0);
  });

  it('names the path inside lists and nested objects', async () => {
    const response = await admin.request({
      method: 'POST',
      url: '/api/companies',
      payload: { name: 'Bau GmbH', domains: ['ok.de', 'bau\u0000.de'] },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toEqual([
      expect.objectContaining({ path: 'domains.1', code: 'CONTROL_CHARACTER' }),
    ]);
  });
});

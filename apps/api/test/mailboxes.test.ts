import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from './helpers/browser-session.ts';
import { createTenantWithAdmin, type TenantFixture } from './helpers/fixtures.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

describe('companies and mailboxes', () => {
  let t: TestApp;
  let tenant: TenantFixture;
  let admin: BrowserSession;

  beforeAll(async () => {
    t = await createTestApp({ RELAY_DOMAIN: 'handwerk.example' });
    tenant = await createTenantWithAdmin(t.prisma);
    admin = await BrowserSession.signedIn(t.app, tenant.adminEmail, tenant.adminPassword);
  });
  afterAll(() => t.close());

  it('normalises the mailbox code and derives the relay address from code and identifier', async () => {
    const response = await admin.request({
      method: 'POST',
      url: '/api/mailboxes',
      payload: {
        kind: 'EMPLOYEE',
        code: ' Müller ',
        displayName: 'Jürgen Müller',
        externalAddress: 'Mueller@Bau-Firma.DE',
      },
    });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      code: 'MUELLER',
      externalAddress: 'mueller@bau-firma.de',
      relayAddress: `mueller.${tenant.slug}@handwerk.example`,
      incomingRelayAddress: `mueller.${tenant.slug}@handwerk.example`,
      status: 'UNTESTED',
      microsoftAccount: null,
    });
  });

  it('refuses a second mailbox with the same external address in the tenant', async () => {
    const payload = {
      kind: 'PUBLIC',
      code: 'INFO',
      displayName: 'Info',
      externalAddress: 'info@bau-firma.de',
    };
    const first = await admin.request({ method: 'POST', url: '/api/mailboxes', payload });
    const second = await admin.request({
      method: 'POST',
      url: '/api/mailboxes',
      payload: { ...payload, code: 'INFO2', externalAddress: 'INFO@bau-firma.de' },
    });

    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({
      code: 'MAILBOX_ADDRESS_TAKEN',
      fields: [{ path: 'externalAddress' }],
    });
  });

  it('allows the same external address in another tenant', async () => {
    const other = await createTenantWithAdmin(t.prisma);
    const otherAdmin = await BrowserSession.signedIn(t.app, other.adminEmail, other.adminPassword);
    const response = await otherAdmin.request({
      method: 'POST',
      url: '/api/mailboxes',
      payload: {
        kind: 'PUBLIC',
        code: 'INFO',
        displayName: 'Info',
        externalAddress: 'info@bau-firma.de',
      },
    });
    expect(response.statusCode).toBe(201);
  });

  it('explains an invalid address in German next to the field', async () => {
    const response = await admin.request({
      method: 'POST',
      url: '/api/mailboxes',
      payload: {
        kind: 'EMPLOYEE',
        code: 'X',
        displayName: 'X',
        externalAddress: 'kein-at-zeichen',
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields[0]).toMatchObject({
      path: 'externalAddress',
      code: 'ADDRESS_INVALID',
    });
    expect(response.json().error.fields[0].message).toContain('gültige E-Mail-Adresse');
  });

  it('creates a company with normalised domains and refuses a domain that is no domain', async () => {
    const created = await admin.request({
      method: 'POST',
      url: '/api/companies',
      payload: { name: 'Bau Firma GmbH', domains: ['@Bau-Firma.de.', 'bau-firma.de'] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().domains).toEqual(['bau-firma.de']);

    const bad = await admin.request({
      method: 'POST',
      url: '/api/companies',
      payload: { name: 'Kaputt GmbH', domains: ['nicht eine domain'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toMatchObject({ path: 'domains', code: 'DOMAIN_INVALID' });
  });

  it('reads and writes the tenant-wide settings', async () => {
    const read = await admin.request({ method: 'GET', url: '/api/settings' });
    expect(read.json()).toMatchObject({ sendRoute: 'RELAY', directConnection: false });

    const settings = {
      ...read.json(),
      sendRoute: 'EXTERNAL',
      directConnection: true,
      fetchFromIncoming: true,
    };
    delete settings.updatedAt;
    const written = await admin.request({ method: 'PUT', url: '/api/settings', payload: settings });
    expect(written.statusCode).toBe(200);
    expect(written.json()).toMatchObject({ sendRoute: 'EXTERNAL', directConnection: true });
  });
});

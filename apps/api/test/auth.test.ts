import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from './helpers/browser-session.ts';
import { createTenantWithAdmin, type TenantFixture } from './helpers/fixtures.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

describe('firm-admin sign-in', () => {
  let t: TestApp;
  let tenant: TenantFixture;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '5' });
    tenant = await createTenantWithAdmin(t.prisma);
  });
  afterAll(() => t.close());

  it('signs in with the right password and sets an HttpOnly SameSite session cookie', async () => {
    const session = new BrowserSession(t.app);
    await session.start();
    const response = await session.request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: tenant.adminEmail.toUpperCase(), password: tenant.adminPassword },
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({
      role: 'FIRM_ADMIN',
      tenant: { slug: tenant.slug },
    });
    const cookie = response.cookies.find((c) => c.name === 'pw_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    const me = await session.request({ method: 'GET', url: '/api/auth/session' });
    expect(me.json().user.email).toBe(tenant.adminEmail);
  });

  it('refuses a wrong password with a coded error that does not say which part was wrong', async () => {
    const session = new BrowserSession(t.app);
    await session.start();
    const response = await session.request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: tenant.adminEmail, password: 'wrong' },
    });

    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const session = await BrowserSession.signedIn(t.app, tenant.adminEmail, tenant.adminPassword);
    session.csrfToken = '';
    const response = await session.request({
      method: 'POST',
      url: '/api/companies',
      payload: { name: 'Ohne Token GmbH', domains: [] },
    });

    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('AUTH_CSRF_INVALID');
    expect(await t.prisma.company.count({ where: { name: 'Ohne Token GmbH' } })).toBe(0);
  });

  it('answers 401 to a request without a session', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/mailboxes' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('AUTH_REQUIRED');
  });

  it('signs out and the old cookie no longer works', async () => {
    const session = await BrowserSession.signedIn(t.app, tenant.adminEmail, tenant.adminPassword);
    const logout = await session.request({ method: 'POST', url: '/api/auth/logout' });
    expect(logout.statusCode).toBe(204);

    const after = await t.app.inject({
      method: 'GET',
      url: '/api/mailboxes',
      headers: { cookie: `pw_session=${session.cookies.get('pw_session') ?? ''}` },
    });
    expect(after.statusCode).toBe(401);
  });

  it('rate-limits repeated sign-in attempts for one address', async () => {
    const other = await createTenantWithAdmin(t.prisma);
    const session = new BrowserSession(t.app);
    await session.start();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const response = await session.request({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: other.adminEmail, password: 'wrong' },
      });
      statuses.push(response.statusCode);
    }

    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});

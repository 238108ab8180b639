import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from './helpers/browser-session.ts';
import { createTenantWithAdmin } from './helpers/fixtures.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

// Under 32 concurrent submissions the API's pool ran dry and Prisma's "Unable to start a
// transaction in the given time" (P2028) reached clients as 500 INTERNAL; it is a 503 a
// client may retry now.
describe('when every pooled connection is busy', () => {
  let t: TestApp;
  let admin: BrowserSession;

  beforeAll(async () => {
    t = await createTestApp();
    const tenant = await createTenantWithAdmin(t.prisma);
    admin = await BrowserSession.signedIn(t.app, tenant.adminEmail, tenant.adminPassword);
  });
  afterAll(() => t.close());

  it('answers 503 SERVICE_UNAVAILABLE, and normally once a connection is free', async () => {
    const holders = await holdEveryConnection(t);

    const busy = await admin.request({ method: 'GET', url: '/api/settings' });
    holders.release();
    await holders.done;
    const free = await admin.request({ method: 'GET', url: '/api/settings' });

    expect(busy.statusCode).toBe(503);
    expect(busy.json().error.code).toBe('SERVICE_UNAVAILABLE');
    expect(free.statusCode).toBe(200);
  });
});

// createTestApp gives the app's client a pool of 4 connections.
const APP_POOL_SIZE = 4;

/** Opens one transaction per pooled connection of the app and keeps them open until released. */
async function holdEveryConnection(t: TestApp) {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const started: Array<Promise<void>> = [];
  const done = Array.from({ length: APP_POOL_SIZE }, (_, index) => {
    let markStarted = () => {};
    started[index] = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    return t.appPrisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        markStarted();
        await held;
      },
      { timeout: 20_000 },
    );
  });
  await Promise.all(started);
  return { release, done: Promise.all(done) };
}

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyClient } from './helpers/api-key-client.ts';
import { BrowserSession } from './helpers/browser-session.ts';
import { createTenantWithAdmin } from './helpers/fixtures.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

const LIMIT = 3;

describe('API key rate limit', () => {
  let t: TestApp;
  let admin: BrowserSession;

  beforeAll(async () => {
    t = await createTestApp({
      QUEUE_PREFIX: `test-${randomUUID()}`,
      API_KEY_RATE_LIMIT_PER_MINUTE: String(LIMIT),
    });
    const tenant = await createTenantWithAdmin(t.prisma);
    admin = await BrowserSession.signedIn(t.app, tenant.adminEmail, tenant.adminPassword);
  });
  afterAll(() => t.close());

  it('answers 429 API_KEY_RATE_LIMITED past the limit of one key, and not for another key', async () => {
    await waitForFreshMinute();
    const { client: busy } = await ApiKeyClient.createdBy(t.app, admin, 'Viel');
    const { client: quiet } = await ApiKeyClient.createdBy(t.app, admin, 'Wenig');
    const status = { method: 'GET', url: `/api/messages/${randomUUID()}` } as const;

    const codes: number[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      codes.push((await busy.request(status)).statusCode);
    }
    const limited = await busy.request(status);

    // Under the limit an unknown message id is simply not found.
    expect(codes.slice(0, LIMIT)).toEqual([404, 404, 404]);
    expect(codes[LIMIT]).toBe(429);
    expect(limited.json().error.code).toBe('API_KEY_RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await quiet.request(status)).statusCode).toBe(404);
  });
});

// The limit counts per calendar minute: start early in one so the run does not straddle two.
async function waitForFreshMinute(): Promise<void> {
  const leftInMinute = 60_000 - (Date.now() % 60_000);
  if (leftInMinute < 10_000) {
    await new Promise((resolve) => setTimeout(resolve, leftInMinute + 50));
  }
}

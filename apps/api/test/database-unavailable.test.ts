import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/test-app.ts';
import { TEST_DATABASE_URL } from './helpers/test-env.ts';

// A PostgreSQL restart used to reach clients as 500 INTERNAL, which reads like a bug and
// tells a client nothing about retrying; it is a 503 with a code now.
describe('when PostgreSQL cannot be reached', () => {
  it('answers 503 SERVICE_UNAVAILABLE, not 500', async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.hostname = '127.0.0.1';
    url.port = String(await freePort());
    const t = await createTestApp({ DATABASE_URL: url.toString() });
    try {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/auth/session',
        cookies: { pw_session: 'a-session-token-of-someone' },
      });

      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe('SERVICE_UNAVAILABLE');
      expect(t.logs.join('')).toContain('database unavailable');
    } finally {
      await t.close();
    }
  });

  it('answers the same request normally while the database is there', async () => {
    const t = await createTestApp();
    try {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/auth/session',
        cookies: { pw_session: 'a-session-token-of-someone' },
      });

      expect(response.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

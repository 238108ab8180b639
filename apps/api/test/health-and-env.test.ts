import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../src/env.ts';
import { createTestApp } from './helpers/test-app.ts';
import { buildTestEnv } from './helpers/test-env.ts';

describe('health, readiness, docs and environment', () => {
  it('reports ready when PostgreSQL and Redis answer', async () => {
    const t = await createTestApp();
    try {
      const live = await t.app.inject({ method: 'GET', url: '/healthz' });
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(live.json()).toEqual({ status: 'ok' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json().checks).toEqual({ postgres: true, redis: true });
    } finally {
      await t.close();
    }
  });

  it('reports 503 when Redis cannot be reached', async () => {
    const t = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1/0' });
    try {
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks).toEqual({ postgres: true, redis: false });
    } finally {
      t.redis.disconnect();
      await t.app.close();
      await t.prisma.$disconnect();
    }
  });

  it('serves an OpenAPI document listing the resources without secret fields', async () => {
    const t = await createTestApp();
    try {
      const response = await t.app.inject({ method: 'GET', url: '/docs/json' });
      const document = response.json();
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/api/mailboxes/', '/api/outgoing-servers/{id}', '/api/settings/']),
      );
      expect(response.body).not.toContain('passwordCipher');
    } finally {
      await t.close();
    }
  });

  it('names a missing or invalid variable when the environment is incomplete', () => {
    const valid = buildTestEnv();
    const source = { ...valid, DATABASE_URL: undefined, API_PORT: 'abc' } as unknown as Record<
      string,
      string
    >;
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(/DATABASE_URL/);
    expect(() => parseEnv(source)).toThrow(/API_PORT/);
  });
});

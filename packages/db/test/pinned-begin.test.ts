import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../src/client.ts';
import { beginWith, watchPoolBegins } from '../src/pinned-begin.ts';
import { runInTenant } from '../src/tenant-scope.ts';

const BASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postwerk_test';

// The tenant pin may ride on the BEGIN's round trip; whichever way it travels, it must be the
// transaction's own setting, and a transaction begun without one must carry none.
describe('a BEGIN that carries the tenant pin', () => {
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
  });

  it('pins the transaction in the BEGIN’s own query, and only that transaction', async () => {
    const pool = openPool();
    watchPoolBegins(pool);
    const tenantId = randomUUID();
    const client = await pool.connect();
    try {
      const { pinned } = await beginWith(pinSql(tenantId), () => sendBegin(client));
      const inside = await settingOf(client);
      await client.query('COMMIT');

      expect(pinned).toBe(true);
      expect(inside).toBe(tenantId);
      expect(await settingOf(client)).toBe('');
    } finally {
      client.release();
    }
  });

  it('says so when a connection opened before its pool was watched, and sends nothing', async () => {
    const pool = openPool();
    (await pool.connect()).release();
    watchPoolBegins(pool);
    const client = await pool.connect();
    try {
      const { pinned } = await beginWith(pinSql(randomUUID()), () => sendBegin(client));

      expect(pinned).toBe(false);
      expect(await settingOf(client)).toBe('');
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });

  it('leaves a BEGIN sent outside beginWith unpinned', async () => {
    const pool = openPool();
    watchPoolBegins(pool);
    const client = await pool.connect();
    try {
      await sendBegin(client);

      expect(await settingOf(client)).toBe('');
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });

  it('pins Prisma transactions in a tenant scope, with or without an isolation level', async () => {
    const prisma = createPrismaClient({ databaseUrl: postgresDatabaseUrl(), maxConnections: 1 });
    const tenantId = randomUUID();
    const read = (isolationLevel?: 'Serializable') =>
      prisma.$transaction(
        (tx) => tx.$queryRaw<{ tenant: string; isolation: string }[]>`
          SELECT current_setting('app.tenant_id', true) AS tenant,
            current_setting('transaction_isolation') AS isolation`,
        { isolationLevel },
      );
    try {
      const [plain] = await runInTenant(tenantId, () => read());
      const [serializable] = await runInTenant(tenantId, () => read('Serializable'));
      const [outside] = await read();

      expect(plain?.tenant).toBe(tenantId);
      expect(serializable).toEqual({ tenant: tenantId, isolation: 'serializable' });
      expect(outside?.tenant ?? '').toBe('');
    } finally {
      await prisma.$disconnect();
    }
  });

  function openPool(): pg.Pool {
    const pool = new pg.Pool({ connectionString: postgresDatabaseUrl(), max: 1 });
    pools.push(pool);
    return pool;
  }
});

/** The adapter's way of beginning: plain text, no parameters (simple query protocol). */
function sendBegin(client: pg.PoolClient) {
  return client.query({ text: 'BEGIN', values: [] });
}

function pinSql(tenantId: string): string {
  return `SELECT set_config('app.tenant_id', '${tenantId}', true)`;
}

async function settingOf(client: pg.PoolClient): Promise<string> {
  const result = await client.query("SELECT current_setting('app.tenant_id', true) AS value");
  return result.rows[0]?.value ?? '';
}

/** Any database will do: the settings are custom ones, no table is read. */
function postgresDatabaseUrl(): string {
  const url = new URL(BASE_URL);
  url.pathname = '/postgres';
  return url.toString();
}

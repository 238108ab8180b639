import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations, MIGRATIONS_DIR } from '../src/migrations.ts';
import { createScratchDatabase } from './test-database.ts';

const DIRECT_CONNECTION = '20261203190000_direct_connection_for_external_servers';

describe('data migration: direct connection', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) {
      await cleanup();
    }
  });

  it('switches direct connection on for tenants with an external outgoing server only', async () => {
    const database = await createScratchDatabase();
    cleanups.push(database.drop);
    const before = await migrationsBefore(DIRECT_CONNECTION);
    cleanups.push(() => rm(before, { recursive: true, force: true }));
    await applyMigrations(database.url, { migrationsDir: before });

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(`
        INSERT INTO "Tenant" (id, slug, name, "updatedAt") VALUES
          ('00000000-0000-0000-0000-00000000000a', 'with-server', 'A', now()),
          ('00000000-0000-0000-0000-00000000000b', 'relay-only', 'B', now());
        INSERT INTO "TenantSettings" ("tenantId", "updatedAt") VALUES
          ('00000000-0000-0000-0000-00000000000a', now()),
          ('00000000-0000-0000-0000-00000000000b', now());
        INSERT INTO "OutgoingServer"
          (id, "tenantId", name, host, port, security, "authMethod", "updatedAt") VALUES
          (gen_random_uuid(), '00000000-0000-0000-0000-00000000000a', 'Provider',
           'smtp.provider.example', 465, 'TLS', 'PASSWORD', now());`);

      const applied = await applyMigrations(database.url);
      const rows = await client.query(
        'SELECT "tenantId", "directConnection" FROM "TenantSettings" ORDER BY "tenantId"',
      );

      expect(applied).toContain(DIRECT_CONNECTION);
      expect(rows.rows.map((row) => row.directConnection)).toEqual([true, false]);
    } finally {
      await client.end();
    }
  });
});

/** A copy of the migrations folder holding only those before `name`. */
async function migrationsBefore(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'postwerk-migrations-'));
  for (const entry of await readdir(MIGRATIONS_DIR)) {
    if (entry < name && !entry.endsWith('.toml')) {
      await cp(join(MIGRATIONS_DIR, entry), join(dir, entry), { recursive: true });
    }
  }
  return dir;
}

import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../src/migrations.ts';
import { renderSchemaDiff, SCHEMA_PATH } from '../src/schema-diff.ts';
import { type CatalogSnapshot, snapshotCatalog } from './catalog-snapshot.ts';
import { createScratchDatabase } from './test-database.ts';

// Builds one database from prisma/migrations and one straight from schema.prisma (with
// Prisma's own engine), then compares their catalogs. Any change to schema.prisma without a
// matching migration, or a hand edit to a migration, shows up as a difference here.
describe('schema drift', () => {
  const dropAll: Array<() => Promise<void>> = [];
  let fromMigrations: CatalogSnapshot;

  beforeAll(async () => {
    const migrated = await createScratchDatabase();
    dropAll.push(migrated.drop);
    await applyMigrations(migrated.url);
    fromMigrations = await snapshotCatalog(migrated.url);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(dropAll.map((drop) => drop()));
  });

  async function snapshotFromSchema(schema?: string): Promise<CatalogSnapshot> {
    const database = await createScratchDatabase();
    dropAll.push(database.drop);
    const sql = await renderSchemaDiff({ toSchema: schema });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(sql).finally(() => client.end());
    return snapshotCatalog(database.url);
  }

  it('the migrated database matches schema.prisma exactly', async () => {
    const fromSchema = await snapshotFromSchema();

    expect(fromMigrations.columns.length).toBeGreaterThan(100);
    expect(fromMigrations.enums).toEqual(fromSchema.enums);
    expect(fromMigrations.columns).toEqual(fromSchema.columns);
    expect(fromMigrations.constraints).toEqual(fromSchema.constraints);
    expect(fromMigrations.indexes).toEqual(fromSchema.indexes);
  }, 120_000);

  it('notices a column that schema.prisma has and the migrations lack', async () => {
    const schema = await readFile(SCHEMA_PATH, 'utf8');
    const changed = schema.replace(/model Company \{\n/, 'model Company {\n  vatNumber String?\n');
    expect(changed).not.toEqual(schema);

    const fromChangedSchema = await snapshotFromSchema(changed);

    expect(fromChangedSchema.columns).not.toEqual(fromMigrations.columns);
    expect(fromChangedSchema.columns).toContainEqual(
      expect.objectContaining({ table_name: 'Company', column_name: 'vatNumber' }),
    );
  }, 120_000);
});

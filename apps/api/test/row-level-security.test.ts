import { createTenantScopedClient, type PrismaClient, runInTenant, withTenant } from '@postwerk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEveryTable } from './helpers/every-table.ts';
import { createSupportUser, createTenantWithAdmin } from './helpers/fixtures.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

type Row = Record<string, unknown>;

// The database itself keeps tenants apart: a query that forgets its tenant filter, run as the
// application role, still sees only the tenant its transaction is pinned to.
describe('row-level security', () => {
  let t: TestApp;
  let a: string;
  let b: string;
  let bSessionLogIds: string[];
  let tables: string[];

  beforeAll(async () => {
    t = await createTestApp();
    const support = await createSupportUser(t.prisma);
    a = (await createTenantWithAdmin(t.prisma)).tenantId;
    b = (await createTenantWithAdmin(t.prisma)).tenantId;
    await seedEveryTable(t.prisma, a, support.userId);
    bSessionLogIds = [(await seedEveryTable(t.prisma, b, support.userId)).sessionLogId];
    tables = await tenantOwnedTables(t.prisma);
  });
  afterAll(() => t.close());

  it('covers every table with a tenantId, the tenants and the protocol lines', async () => {
    expect(tables).toEqual(expect.arrayContaining(['Mailbox', 'Tenant', 'SessionLogLine']));
    expect(tables.length).toBeGreaterThanOrEqual(23);
    const flags = await t.prisma.$queryRaw<Row[]>`
      SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class
      WHERE relname = ANY(${tables}) AND relkind = 'r'`;
    for (const flag of flags) {
      expect(flag, String(flag.relname)).toMatchObject({
        relrowsecurity: true,
        relforcerowsecurity: true,
      });
    }
  });

  it('shows a raw query in tenant A’s transaction none of tenant B’s rows, in every table', async () => {
    for (const table of tables) {
      const ofB = await t.prisma.$queryRawUnsafe<Row[]>(`SELECT * FROM "${table}"`);
      expect(ofB.filter((row) => belongsTo(table, row, b)).length, table).toBeGreaterThan(0);

      const seen = await withTenant(t.appPrisma, a, (tx) =>
        tx.$queryRawUnsafe<Row[]>(`SELECT * FROM "${table}"`),
      );
      expect(seen.length, `${table} shows A its own rows`).toBeGreaterThan(0);
      expect(
        seen.filter((row) => !belongsTo(table, row, a)),
        table,
      ).toEqual([]);
    }
  });

  it('shows nothing of any tenant to a query outside a tenant transaction', async () => {
    for (const table of tables) {
      const rows = await t.appPrisma.$queryRawUnsafe<Row[]>(`SELECT * FROM "${table}"`);
      expect(rows, table).toEqual([]);
    }
  });

  it('refuses to write a row for tenant B inside tenant A’s transaction', async () => {
    const write = withTenant(t.appPrisma, a, (tx) =>
      tx.company.create({ data: { tenantId: b, name: 'Untergeschoben GmbH' } }),
    );
    await expect(write).rejects.toThrow(/row-level security/);
    const update = await withTenant(t.appPrisma, a, (tx) =>
      tx.mailbox.updateMany({ where: { tenantId: b }, data: { displayName: 'Übernommen' } }),
    );
    expect(update.count).toBe(0);
  });

  it('scopes the client the services use, whatever their WHERE clause says', async () => {
    const scoped = createTenantScopedClient(t.appPrisma);
    const mailboxes = await runInTenant(a, () => scoped.mailbox.findMany());
    expect(mailboxes.length).toBeGreaterThan(0);
    expect(mailboxes.every((mailbox) => mailbox.tenantId === a)).toBe(true);
    const [count] = await runInTenant(a, () =>
      scoped.$transaction([scoped.receivedMessage.count({ where: { tenantId: b } })]),
    );
    expect(count).toBe(0);
  });

  it('keeps audit rows append-only for the application role', async () => {
    const change = withTenant(t.appPrisma, a, (tx) =>
      tx.$executeRawUnsafe(`UPDATE "AuditEvent" SET "action" = 'forged'`),
    );
    await expect(change).rejects.toThrow(/permission denied/);
    const removal = withTenant(t.appPrisma, a, (tx) =>
      tx.$executeRawUnsafe(`DELETE FROM "AuditEvent"`),
    );
    await expect(removal).rejects.toThrow(/permission denied/);
  });

  function belongsTo(table: string, row: Row, tenantId: string): boolean {
    if (table === 'Tenant') {
      return row.id === tenantId;
    }
    if (table === 'SessionLogLine') {
      return tenantId === b
        ? bSessionLogIds.includes(String(row.sessionLogId))
        : !bSessionLogIds.includes(String(row.sessionLogId));
    }
    return row.tenantId === tenantId;
  }
});

/** Every table that holds tenant data: a tenantId column, plus Tenant and SessionLogLine. */
async function tenantOwnedTables(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ table_name: string }[]>`
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = 'public' AND c.column_name = 'tenantId' AND t.table_type = 'BASE TABLE'
    ORDER BY 1`;
  return [...rows.map((row) => row.table_name), 'Tenant', 'SessionLogLine'];
}

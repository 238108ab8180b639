import pg from 'pg';

/**
 * Everything about a database's schema that Prisma's model describes: enums, columns with
 * type, nullability and default, primary keys, uniques, foreign keys with their actions, and
 * indexes. Names are kept: Prisma derives them from the model, so a rename is drift too.
 */
export async function snapshotCatalog(databaseUrl: string): Promise<CatalogSnapshot> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const enums = await client.query(ENUMS_SQL);
    const columns = await client.query(COLUMNS_SQL);
    const constraints = await client.query(CONSTRAINTS_SQL);
    const indexes = await client.query(INDEXES_SQL);
    return {
      enums: enums.rows,
      columns: columns.rows,
      constraints: constraints.rows,
      indexes: indexes.rows,
    };
  } finally {
    await client.end();
  }
}

export type CatalogSnapshot = Record<'enums' | 'columns' | 'constraints' | 'indexes', unknown[]>;

const ENUMS_SQL = `
  SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
  FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
  JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = 'public'
  GROUP BY t.typname ORDER BY t.typname`;

const COLUMNS_SQL = `
  SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
         character_maximum_length, numeric_precision, datetime_precision
  FROM information_schema.columns
  WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
  ORDER BY table_name, column_name`;

const CONSTRAINTS_SQL = `
  SELECT c.conrelid::regclass::text AS table_name, c.conname AS name, c.contype AS type,
         pg_get_constraintdef(c.oid) AS definition
  FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
  WHERE n.nspname = 'public' AND c.conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"')
    AND c.conrelid <> 0
  ORDER BY 1, 2`;

const INDEXES_SQL = `
  SELECT tablename AS table_name, indexname AS name, indexdef AS definition
  FROM pg_indexes
  WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
  ORDER BY 1, 2`;

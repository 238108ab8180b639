// Applies prisma/migrations to DATABASE_URL, recording them exactly as `prisma migrate
// deploy` does, so either tool can take over a database the other one migrated.
import { applyMigrations } from '../src/migrations.ts';

// The owner's URL: the application role (DATABASE_URL of api and worker) may not create tables.
const databaseUrl = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(
    'MIGRATION_DATABASE_URL (or DATABASE_URL) is not set: it must name the database to migrate.',
  );
  process.exit(1);
}

const applied = await applyMigrations(databaseUrl, { createDatabase: true });
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');

import { applyMigrations } from '@postwerk/db';
import { TEST_DATABASE_URL } from './test-env.ts';

/** Brings the test database to the latest migration once per run. */
export default async function setup(): Promise<void> {
  await applyMigrations(TEST_DATABASE_URL, { createDatabase: true });
}

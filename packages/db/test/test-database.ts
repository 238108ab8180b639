import { randomBytes } from 'node:crypto';
import pg from 'pg';

const BASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postwerk_test';

/** Creates an empty database with a random name; returns its URL and a function to drop it. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `postwerk_scratch_${randomBytes(6).toString('hex')}`;
  const admin = adminUrl();
  await runAdmin(admin, `CREATE DATABASE "${name}"`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => runAdmin(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

function adminUrl(): string {
  const url = new URL(BASE_URL);
  url.pathname = '/postgres';
  return url.toString();
}

async function runAdmin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

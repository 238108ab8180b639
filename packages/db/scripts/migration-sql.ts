// Writes a new migration folder with the SQL that turns the last committed
// prisma/schema.prisma into the working copy's. Works offline: it uses Prisma 6's CLI,
// whose WebAssembly schema engine ships inside the npm package (Prisma 7's does not).
// Usage: pnpm --filter @postwerk/db run migration:sql <name> [--from-empty]
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { MIGRATIONS_DIR } from '../src/migrations.ts';
import { renderSchemaDiff } from '../src/schema-diff.ts';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: migration:sql <snake_case_name> [--from-empty]');
  process.exit(1);
}

const fromEmpty = process.argv.includes('--from-empty');
const previous = fromEmpty
  ? undefined
  : execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { encoding: 'utf8' });
const sql = await renderSchemaDiff({ fromSchema: previous });
if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
  console.log('schema.prisma has no changes since the last commit');
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const folder = `${MIGRATIONS_DIR}/${stamp}_${name}`;
mkdirSync(folder, { recursive: true });
writeFileSync(`${folder}/migration.sql`, sql);
console.log(`wrote ${folder}/migration.sql`);

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** The schema every migration is generated from. */
export const SCHEMA_PATH = fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url));

export type RenderSchemaDiffOptions = {
  /** The old schema's text; omitted means "from an empty database". */
  fromSchema?: string;
  /** The new schema's text; defaults to prisma/schema.prisma. */
  toSchema?: string;
  /** Only used to satisfy Prisma 6's config loader; diffing two schemas reads no database. */
  databaseUrl?: string;
};

/**
 * Renders the SQL that turns one schema into another with Prisma 6's `migrate diff`.
 * Prisma 7 needs a schema engine binary that cannot be downloaded offline; Prisma 6 ships a
 * WebAssembly engine when its config says `engine: "js"`. Its schemas must still carry
 * `url = env(...)` in the datasource, which ours (Prisma 7 style) leave to prisma.config.ts.
 */
export async function renderSchemaDiff(options: RenderSchemaDiffOptions = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'postwerk-schema-diff-'));
  try {
    const toSchema = options.toSchema ?? (await readFile(SCHEMA_PATH, 'utf8'));
    await writeFile(join(dir, 'to.prisma'), withDatasourceUrl(toSchema));
    const fromArgs = ['--from-empty'];
    if (options.fromSchema !== undefined) {
      await writeFile(join(dir, 'from.prisma'), withDatasourceUrl(options.fromSchema));
      fromArgs.splice(0, 1, '--from-schema-datamodel', join(dir, 'from.prisma'));
    }
    await writeFile(join(dir, 'prisma.config.mjs'), renderConfig());

    const cli = require.resolve('prisma6/build/index.js');
    const databaseUrl = options.databaseUrl ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
    const diffArgs = ['migrate', 'diff', '--config', join(dir, 'prisma.config.mjs'), ...fromArgs];
    const { stdout } = await run(
      process.execPath,
      [cli, ...diffArgs, '--to-schema-datamodel', join(dir, 'to.prisma'), '--script'],
      {
        cwd: dir,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          // Any existing file: stops Prisma 6 from trying to download engines it won't use.
          PRISMA_QUERY_ENGINE_LIBRARY: process.execPath,
          PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
          PRISMA_HIDE_UPDATE_MESSAGE: '1',
        },
      },
    );
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function withDatasourceUrl(schema: string): string {
  return schema.replace(
    /provider\s*=\s*"postgresql"/,
    'provider = "postgresql"\n  url      = env("DATABASE_URL")',
  );
}

function renderConfig(): string {
  const config = JSON.stringify(require.resolve('prisma6/config'));
  const adapter = JSON.stringify(require.resolve('@prisma/adapter-pg'));
  return `import { defineConfig } from ${config};
import { PrismaPg } from ${adapter};
export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: 'to.prisma',
  async adapter() { return new PrismaPg({ connectionString: process.env.DATABASE_URL }); },
});
`;
}

// Runs `prisma generate` offline. Prisma 7's CLI insists on locating its schema engine
// before every command, although generate never runs it; pointing the variable at any
// existing file stops the download attempt (see the toolchain notes in the README).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

execFileSync('pnpm', ['exec', 'prisma', 'generate'], {
  cwd: packageDir,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});

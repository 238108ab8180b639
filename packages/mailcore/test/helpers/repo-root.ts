import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace root: the nearest directory above this file holding pnpm-workspace.yaml. */
export function findRepoRoot(start = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`no pnpm-workspace.yaml above ${start}`);
    }
    dir = parent;
  }
  return dir;
}

/** The email corpus committed with the tests (see its MANIFEST.md for sources and licenses). */
export function corpusDir(): string {
  return path.resolve(findRepoRoot(), 'e2e/fixtures/corpus');
}

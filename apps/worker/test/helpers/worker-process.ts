import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerEnv } from '../../src/env.ts';
import { waitFor } from './wait.ts';

const workerDir = fileURLToPath(new URL('../..', import.meta.url));

/** Starts the real worker entry point as a child process; resolves once it is consuming. */
export async function spawnWorker(env: WorkerEnv, extra: Record<string, string> = {}) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: workerDir,
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value)])),
      LOG_LEVEL: 'info',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await waitFor(async () => output.includes('worker ready') || child.exitCode !== null, 20_000);
  if (child.exitCode !== null) {
    throw new Error(`worker exited: ${output}`);
  }
  return { child, output: () => output };
}

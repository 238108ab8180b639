import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const workerDir = fileURLToPath(new URL('../../../apps/worker', import.meta.url));

export type WorkerProcess = {
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait for the exit (the worker finishes jobs in flight first). */
  stop(): Promise<void>;
  /** SIGKILL: no cleanup at all, as when the machine loses the process. */
  kill(): Promise<void>;
};

/** Starts the real worker entry point (apps/worker/src/index.ts); resolves once it consumes. */
export async function spawnWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: workerDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    // Only the tail matters (errors); a long run must not grow this string without bound.
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const deadline = Date.now() + 30_000;
  while (!/worker ready/.test(output) && child.exitCode === null && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!/worker ready/.test(output)) {
    child.kill('SIGKILL');
    throw new Error(`worker did not start: ${output}`);
  }
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    output: () => output,
    async stop() {
      if (!exited()) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    },
    async kill() {
      if (!exited()) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    },
  };
}

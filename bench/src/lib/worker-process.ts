import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const workerDir = fileURLToPath(new URL('../../../apps/worker', import.meta.url));

export type WorkerProcess = {
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait for the exit (the worker finishes jobs in flight first). */
  stop(): Promise<void>;
  /** SIGKILL: no cleanup at all, as when the machine loses the process. */
  kill(): Promise<void>;
  /** How many stdout log lines so far carried this pino `msg`, e.g. 'pop3 poll done'. */
  countOf(msg: string): number;
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
  const counts = countMessages(child);
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
    countOf: (msg) => counts.get(msg) ?? 0,
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

/** Counts the worker's pino lines by `msg`: how a bench sees jobs finish without asking Redis. */
function countMessages(child: ChildProcess): Map<string, number> {
  const counts = new Map<string, number>();
  if (!child.stdout) {
    return counts;
  }
  const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on('line', (line) => {
    const msg = /"msg":"([^"]*)"/.exec(line)?.[1];
    if (msg !== undefined) {
      counts.set(msg, (counts.get(msg) ?? 0) + 1);
    }
  });
  return counts;
}

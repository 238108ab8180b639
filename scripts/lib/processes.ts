import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export type ServiceOptions = {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  logDir: string;
};

export type Service = { name: string; child: ChildProcess; logFile: string };

/** Starts a long-running child with its output in `<logDir>/<name>.log`. */
export function startService(options: ServiceOptions): Service {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${options.name}.log`);
  const log = createWriteStream(logFile, { flags: 'w' });
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return { name: options.name, child, logFile };
}

/** Polls a URL until it answers with a status below 500, or throws after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number, service?: Service) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service && service.child.exitCode !== null) {
      throw new Error(
        `${service.name} exited with ${service.child.exitCode}; see ${service.logFile}`,
      );
    }
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status < 500) {
        return;
      }
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Sends SIGTERM to each service's process group and waits for them to exit. */
export async function stopServices(services: Service[], timeoutMs = 10_000): Promise<void> {
  await Promise.all(
    services.map(async (service) => {
      if (service.child.exitCode !== null || service.child.pid === undefined) {
        return;
      }
      const exited = new Promise((resolve) => service.child.once('exit', resolve));
      killGroup(service.child.pid, 'SIGTERM');
      const outcome = await Promise.race([exited, sleep(timeoutMs, 'timeout')]);
      if (outcome === 'timeout') {
        killGroup(service.child.pid, 'SIGKILL');
      }
    }),
  );
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

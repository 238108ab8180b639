import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export type RedisServerOptions = {
  /**
   * Where Redis keeps an append-only file; undefined = no persistence at all, so a restart
   * starts empty (the worst case: every queued job is gone).
   */
  aofDir?: string;
};

export type RedisServerProcess = {
  port: number;
  url: string;
  /** SIGKILL, as when the machine loses the process: no save, no goodbye to clients. */
  kill(): Promise<void>;
  /** Starts a new redis-server on the same port (with the same persistence settings). */
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** A redis-server of the test's own on a free port of 127.0.0.1, which the test may kill. */
export async function startRedisServer(
  options: RedisServerOptions = {},
): Promise<RedisServerProcess> {
  const port = await findFreePort();
  let child: ChildProcess | undefined;

  const start = async () => {
    const persistence = options.aofDir
      ? ['--dir', options.aofDir, '--appendonly', 'yes', '--appendfsync', 'always']
      : ['--appendonly', 'no'];
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence],
      { stdio: 'ignore' },
    );
    await waitForPort(port, 10_000);
  };
  const kill = async () => {
    const running = child;
    child = undefined;
    if (running && running.exitCode === null && running.signalCode === null) {
      running.kill('SIGKILL');
      await once(running, 'exit');
    }
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    kill,
    start,
    stop: kill,
  };
}

/** A port nobody listens on right now (the kernel's pick, released again at once). */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') {
    throw new Error('no port');
  }
  return address.port;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await canConnect(port)) {
      return;
    }
    await sleep(50);
  }
  throw new Error(`redis-server did not listen on ${port}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

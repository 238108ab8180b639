import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { DovecotLayout } from './config.ts';

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 10_000;

export interface DovecotProcess {
  pid: number;
  /** Sends SIGTERM and resolves once the master has exited (usually 1–3 s). */
  stop(): Promise<void>;
}

export interface StartDovecotOptions {
  configPath: string;
  layout: DovecotLayout;
  pop3Port: number;
  log: Logger;
}

/** Runs `dovecot -F -c <config>` as a child and resolves once it greets on the POP3 port. */
export async function startDovecot(options: StartDovecotOptions): Promise<DovecotProcess> {
  const { configPath, layout, log } = options;
  await stopLeftoverDovecot(layout.baseDir, configPath, log);
  // A fresh base_dir every time: a left-over anvil socket stalls every login by 5 s.
  await rm(layout.baseDir, { recursive: true, force: true });
  await mkdir(layout.baseDir, { recursive: true });
  await mkdir(layout.stateDir, { recursive: true });

  const child = spawn(findDovecotBinary(), ['-F', '-c', configPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
    child.once('error', () => resolve(null));
  });
  forwardOutput(child, log);
  // If the Node process dies without close(), do not leave Dovecot holding the ports.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);

  try {
    await waitForGreeting(options.pop3Port, exited);
  } catch (error) {
    process.off('exit', killOnExit);
    child.kill('SIGTERM');
    await exited;
    const tail = await readLogTail(layout.logPath);
    throw new Error(`dovecot did not start: ${(error as Error).message}\n${tail}`, {
      cause: error,
    });
  }
  log.info({ dovecotPid: child.pid, port: options.pop3Port }, 'dovecot started');

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    log.info({ dovecotPid: child.pid }, 'dovecot stopped');
  };
  return { pid: child.pid ?? 0, stop };
}

// Debian puts dovecot in /usr/sbin, which is not on a normal user's PATH.
function findDovecotBinary(): string {
  return existsSync('/usr/sbin/dovecot') ? '/usr/sbin/dovecot' : 'dovecot';
}

function forwardOutput(child: ChildProcess, log: Logger): void {
  child.once('error', (error) => log.error({ err: error }, 'dovecot could not be run'));
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (text: string) => {
      for (const line of text.split('\n').filter(Boolean)) {
        log.warn({ line }, 'dovecot output');
      }
    });
  }
}

/**
 * Reading the greeting, not just connecting, proves that Dovecot owns the port: with a port
 * chosen in advance, another process could have bound it first.
 */
async function waitForGreeting(port: number, exited: Promise<number | null>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  while (Date.now() < deadline) {
    if (hasExited) {
      throw new Error('the dovecot process exited during start');
    }
    if (await readsPop3Greeting(port)) {
      return;
    }
    await sleep(50);
  }
  throw new Error(`no POP3 greeting on port ${port} within ${READY_TIMEOUT_MS} ms`);
}

function readsPop3Greeting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1000);
    socket.once('data', (data) => {
      socket.end('QUIT\r\n');
      resolve(data.toString('latin1').startsWith('+OK'));
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A crashed run (SIGKILL, killed test worker) leaves its Dovecot running with the same
 * base_dir and ports. Stop it when its command line names our config; refuse otherwise.
 */
async function stopLeftoverDovecot(baseDir: string, configPath: string, log: Logger) {
  const pid = Number((await readFile(`${baseDir}/master.pid`, 'utf8').catch(() => '')).trim());
  if (!pid || !isAlive(pid)) {
    return;
  }

  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes(configPath)) {
    throw new Error(`another process (pid ${pid}) holds the dovecot base_dir ${baseDir}`);
  }
  log.warn({ dovecotPid: pid }, 'stopping dovecot left over from an earlier run');
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(pid) && Date.now() < deadline) {
    await sleep(50);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function readLogTail(logPath: string): Promise<string> {
  const text = await readFile(logPath, 'utf8').catch(() => '');
  return text.split('\n').slice(-15).join('\n');
}

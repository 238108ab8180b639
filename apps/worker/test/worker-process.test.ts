import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { QUEUE_NAMES } from '@postwerk/contracts';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/1';
const workerDir = fileURLToPath(new URL('..', import.meta.url));

// Runs the real worker entry point as a child process against the real Redis.
describe('worker process', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  async function startWorker(prefix: string): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: workerDir,
      env: {
        ...process.env,
        DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postwerk_test',
        REDIS_URL,
        SECRETS_KEYRING: `test:${randomBytes(32).toString('base64')}`,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'info',
        RECOVERY_RESTORE_SCHEDULERS: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(async () => {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
      }
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    for (let i = 0; i < 100 && !output.includes('worker ready'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(output).toContain('worker ready');
    return child;
  }

  async function openQueue(prefix: string) {
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAMES.health, { connection, prefix });
    const events = new QueueEvents(QUEUE_NAMES.health, {
      connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
      prefix,
    });
    await events.waitUntilReady();
    cleanups.push(async () => {
      await events.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await connection.quit();
    });
    return { queue, events };
  }

  it('runs a health job and reports which process took it', async () => {
    const prefix = `test-${randomBytes(4).toString('hex')}`;
    const child = await startWorker(prefix);
    const { queue, events } = await openQueue(prefix);

    const job = await queue.add('ping', {});
    const result = await job.waitUntilFinished(events, 10_000);

    expect(result.worker).toMatch(new RegExp(`:${child.pid}$`));
  });

  it('finishes the job in flight on SIGTERM and takes no new ones', async () => {
    const prefix = `test-${randomBytes(4).toString('hex')}`;
    const child = await startWorker(prefix);
    const { queue, events } = await openQueue(prefix);

    const slow = await queue.add('slow', { holdMs: 1500 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await slow.getState()).toBe('active');

    child.kill('SIGTERM');
    const finished = slow.waitUntilFinished(events, 10_000);
    const [exitCode] = await once(child, 'exit');
    const later = await queue.add('after-stop', {});

    await expect(finished).resolves.toMatchObject({ worker: expect.any(String) });
    expect(exitCode).toBe(0);
    expect(await later.getState()).toBe('waiting');
  });
});

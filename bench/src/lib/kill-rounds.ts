import { setTimeout as sleep } from 'node:timers/promises';
import { spawnWorker } from './worker-process.ts';

export type KillRoundsOptions = {
  env: Record<string, string>;
  rounds: number;
  /** Each worker lives a random time in [minMs, maxMs] before SIGKILL. */
  minMs: number;
  maxMs: number;
  /** Called before each round, e.g. to queue a poll job. */
  beforeRound?: () => Promise<void>;
};

/** Starts a worker, lets it work for a random time, kills it with SIGKILL; `rounds` times. */
export async function runKillRounds(options: KillRoundsOptions): Promise<number[]> {
  const lifetimes: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const worker = await spawnWorker(options.env);
    await options.beforeRound?.();
    const lifetime = options.minMs + Math.random() * (options.maxMs - options.minMs);
    await sleep(lifetime);
    await worker.kill();
    lifetimes.push(Math.round(lifetime));
  }
  return lifetimes;
}

/** Worker settings that let a killed worker's jobs run again within about 3 s. */
export const FAST_RECOVERY_ENV = {
  WORKER_LOCK_DURATION_MS: '2000',
  WORKER_STALLED_INTERVAL_MS: '1000',
};

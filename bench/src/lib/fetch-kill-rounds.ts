import { setTimeout as sleep } from 'node:timers/promises';
import type { MeteredProxy } from './metered-proxy.ts';
import { spawnWorker } from './worker-process.ts';

/**
 * "stored": killed right after a store of the pass committed, before its DELEs took effect.
 * "timed": killed a random time after the POP3 session began, or where the proxy holds the
 * session, whichever comes first.
 */
export type FetchKillKind = 'stored' | 'timed';

export type FetchKillRound = {
  kind: FetchKillKind;
  /** How long after the POP3 session began the worker was killed. */
  killedAfterMs: number;
  storedBefore: number;
  storedAfter: number;
  /** Attempts of this round whose kill came before the POP3 session began. */
  retried: number;
};

export type FetchKillOptions = {
  env: Record<string, string>;
  /** Between the worker and the POP3 server. */
  proxy: MeteredProxy;
  plan: FetchKillKind[];
  /** A "timed" kill comes a random time in [minMs, maxMs] after the POP3 session began. */
  minMs: number;
  maxMs: number;
  /** Each seeded message's size by its subject. */
  sizes: Map<string, number>;
  /** Queues a poll of the mailbox. */
  poll(): Promise<void>;
  storedSubjects(): Promise<Set<string>>;
  /** The workers' POP3_LOCK_TTL_MS: a killed worker's mailbox lock lasts that long. */
  lockTtlMs: number;
};

const MAX_ATTEMPTS = 3;
const STORE_PATIENCE_MS = 3_000;
const ROUND_TIMEOUT_MS = 60_000;

/**
 * Kills a polling worker with SIGKILL once per planned round, and proves each kill landed
 * inside a POP3 session. The proxy passes at most 90 % of the bytes of the messages not yet
 * stored, so no pass can finish: the session is still open at the kill, and at least one
 * message is still unstored afterwards. A round whose session never began (a worker too slow
 * to start, a poll skipped for a lock) proves nothing, so it runs again.
 */
export async function runFetchKillRounds(options: FetchKillOptions): Promise<FetchKillRound[]> {
  const rounds: FetchKillRound[] = [];
  const last = { killAt: 0 };
  for (const kind of options.plan) {
    let round: FetchKillRound | undefined;
    for (let attempt = 0; !round && attempt < MAX_ATTEMPTS; attempt++) {
      round = await killOnce(options, kind, attempt, last);
    }
    if (!round) {
      throw new Error(`no ${kind} kill landed inside a POP3 session in ${MAX_ATTEMPTS} tries`);
    }
    rounds.push(round);
  }
  return rounds;
}

async function killOnce(
  options: FetchKillOptions,
  kind: FetchKillKind,
  attempt: number,
  last: { killAt: number },
) {
  const { proxy } = options;
  const stored = await options.storedSubjects();
  let unstoredBytes = 0;
  for (const [subject, size] of options.sizes) {
    unstoredBytes += stored.has(subject) ? 0 : size;
  }
  // The server sends at least these bytes before the last unstored message is complete.
  proxy.allow(Math.floor(unstoredBytes * 0.9));
  const worker = await spawnWorker(options.env);
  // The last killed worker's mailbox lock lasts lockTtlMs; a poll before that is skipped.
  await sleep(Math.max(0, last.killAt + options.lockTtlMs + 200 - Date.now()));
  await options.poll();
  const lifetime = options.minMs + Math.random() * (options.maxMs - options.minMs);

  const sessionAt = await waitForKillPoint(options, kind, stored.size, lifetime);
  const inSession = proxy.openConnections() > 0 && proxy.passed() > 0;
  const killedAfterMs = Date.now() - (sessionAt ?? Date.now());
  await worker.kill();
  last.killAt = Date.now();
  proxy.dropAll();
  const storedAfter = (await options.storedSubjects()).size;
  if (!inSession) {
    return undefined;
  }
  return { kind, killedAfterMs, storedBefore: stored.size, storedAfter, retried: attempt };
}

async function waitForKillPoint(
  options: FetchKillOptions,
  kind: FetchKillKind,
  storedBefore: number,
  lifetime: number,
): Promise<number | undefined> {
  const { proxy } = options;
  const deadline = Date.now() + ROUND_TIMEOUT_MS;
  let sessionAt: number | undefined;
  let heldAt: number | undefined;
  while (Date.now() < deadline) {
    // The server speaks first (greeting): its first byte marks the start of the session.
    if (sessionAt === undefined && proxy.passed() > 0) {
      sessionAt = Date.now();
    }
    if (kind === 'timed' && sessionAt !== undefined && Date.now() >= sessionAt + lifetime) {
      return sessionAt;
    }
    if (kind === 'stored' && (await options.storedSubjects()).size > storedBefore) {
      proxy.hold();
      return sessionAt;
    }
    if (proxy.isHolding()) {
      heldAt ??= Date.now();
      // A "stored" round held at the cap gives a batch already fetched time to commit.
      if (kind === 'timed' || Date.now() - heldAt > STORE_PATIENCE_MS) {
        return sessionAt;
      }
    }
    await sleep(kind === 'stored' ? 25 : 10);
  }
  return sessionAt;
}

import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE_SCRIPT =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end";
const EXTEND_SCRIPT =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end";

/**
 * Runs `work` while holding the mailbox's POP3 lock; returns undefined when another process
 * holds it. POP3 servers allow one session per maildrop (RFC 1939 §8, [IN-USE]), so a
 * scheduled poll and a settings test must not overlap. The lock is short and renewed while
 * the work runs, so a worker that dies frees the mailbox within `ttlMs`.
 */
export async function withMailboxLock<T>(
  redis: Redis,
  mailboxId: string,
  ttlMs: number,
  work: () => Promise<T>,
): Promise<T | undefined> {
  const key = `postwerk:pop3-lock:${mailboxId}`;
  const owner = randomBytes(12).toString('hex');
  if ((await redis.set(key, owner, 'PX', ttlMs, 'NX')) !== 'OK') {
    return undefined;
  }
  const renewal = setInterval(
    () => {
      redis.eval(EXTEND_SCRIPT, 1, key, owner, String(ttlMs)).catch(() => {});
    },
    Math.max(ttlMs / 3, 100),
  );
  try {
    return await work();
  } finally {
    clearInterval(renewal);
    await redis.eval(RELEASE_SCRIPT, 1, key, owner);
  }
}

import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Lets a transaction's BEGIN carry the statement that pins its tenant, so both cost one round
 * trip instead of two. Every scoped statement of the API and the worker begins a transaction,
 * and on a busy machine each round trip to PostgreSQL is a write and a wake-up on both sides.
 *
 * How: the driver adapter begins a transaction by sending the plain text `BEGIN` (simple query
 * protocol, no parameters) on the connection it took from the pool. While `beginWith` runs,
 * the connections of a watched pool send `BEGIN; <pin>` instead, once. PostgreSQL runs both
 * statements of a simple query in order, so the pin is the transaction's first statement,
 * exactly as when it travelled alone.
 */
type Pending = { sql: string; sent: boolean };
type QueryConfigLike = { text?: unknown; values?: unknown[]; name?: unknown; queryMode?: unknown };
type ClientLike = { query: (config: unknown, ...rest: unknown[]) => unknown };
type PoolLike = { on(event: 'connect', listener: (client: ClientLike) => void): unknown };

const pending = new AsyncLocalStorage<Pending>();
const watchedPools = new WeakSet<object>();
const patchedClients = new WeakSet<object>();

/** Makes every connection `pool` opens from now on able to send a pinned BEGIN. */
export function watchPoolBegins(pool: unknown): void {
  if (!isPool(pool) || watchedPools.has(pool)) {
    return;
  }
  watchedPools.add(pool);
  pool.on('connect', (client) => {
    if (patchedClients.has(client)) {
      return;
    }
    patchedClients.add(client);
    const query = client.query;
    client.query = function pinnedQuery(this: unknown, config: unknown, ...rest: unknown[]) {
      const wanted = pending.getStore();
      if (wanted && !wanted.sent && isPlainBegin(config)) {
        wanted.sent = true;
        return query.call(this, { ...config, text: `BEGIN; ${wanted.sql}` }, ...rest);
      }
      return query.call(this, config, ...rest);
    };
  });
}

/**
 * Runs `begin` so that the BEGIN it sends carries `sql`. `pinned` says whether it did; when
 * not (a connection opened before its pool was watched), the caller sends `sql` itself.
 */
export async function beginWith<T>(sql: string, begin: () => Promise<T>) {
  const wanted: Pending = { sql, sent: false };
  const tx = await pending.run(wanted, begin);
  return { tx, pinned: wanted.sent };
}

function isPlainBegin(config: unknown): config is QueryConfigLike {
  if (typeof config !== 'object' || config === null) {
    return false;
  }
  const query = config as QueryConfigLike;
  // A named or extended-protocol query cannot hold two statements; the adapter sends neither.
  const isSimple = !query.name && !query.queryMode && (query.values?.length ?? 0) === 0;
  return query.text === 'BEGIN' && isSimple;
}

function isPool(value: unknown): value is PoolLike {
  return (
    typeof value === 'object' && value !== null && typeof Reflect.get(value, 'on') === 'function'
  );
}

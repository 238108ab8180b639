import { AsyncLocalStorage } from 'node:async_hooks';
import { Prisma, type PrismaClient } from './generated/client.ts';
import { beginWith, watchPoolBegins } from './pinned-begin.ts';

/**
 * Why a piece of code may read across tenants. Each purpose is one deliberate exception to
 * row-level security, used by exactly the functions named here:
 * - `sign-in`: find a portal user by e-mail before anyone knows the tenant (sign-in.ts).
 * - `session`: resolve a cookie to its user and impersonation (services/auth/sessions.ts).
 * - `oauth-state`: find which tenant a Microsoft callback's state belongs to (oauth-states.ts).
 * - `consent-link`: find the link behind an employee's token (consent-links.ts).
 * - `support-console`: vendor support searches tenants by name or company identifier.
 * - `audit-actors`: names and roles of the users behind a tenant's audit rows; vendor support
 *   staff belong to no tenant, so their rows are invisible in the tenant's own scope.
 * - `job-bootstrap`: worker housekeeping that walks every tenant (maintenance, deliverability).
 * - `api-key`: find the key behind a bearer token by its hash (services/api-keys/api-key-auth.ts).
 */
export type SystemPurpose =
  | 'sign-in'
  | 'session'
  | 'oauth-state'
  | 'consent-link'
  | 'support-console'
  | 'audit-actors'
  | 'job-bootstrap'
  | 'api-key';

export type TenantScope = { tenantId: string } | { system: SystemPurpose };

// Known limit: the system context is a setting the application sets itself, so row-level
// security guards against a query that forgets its tenant filter, not against arbitrary SQL
// from a compromised process; that would need SECURITY DEFINER functions per lookup.
const storage = new AsyncLocalStorage<TenantScope>();

/** Runs `fn` with every query of a scoped client limited to one tenant by the database. */
export function runInTenant<T>(tenantId: string, fn: () => T): T {
  if (!UUID.test(tenantId)) {
    throw new Error('runInTenant needs a tenant id (a UUID)');
  }
  return storage.run({ tenantId }, fn);
}

/** Runs `fn` in the cross-tenant system context; keep `fn` as small as the lookup it needs. */
export function runAsSystem<T>(purpose: SystemPurpose, fn: () => T): T {
  return storage.run({ system: purpose }, fn);
}

/** The scope queries run in right now, if any. */
export function currentTenantScope(): TenantScope | undefined {
  return storage.getStore();
}

/**
 * One interactive transaction whose first statement pins the tenant; what `fn` reads through
 * `tx` is limited to that tenant by PostgreSQL, whatever its WHERE clause says.
 */
export function withTenant<T>(
  prisma: PrismaClient,
  tenantId: string,
  fn: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return runInTenant(tenantId, () => prisma.$transaction(fn));
}

type RawQuery = { sql: string; args: unknown[]; argTypes: unknown[] };
type TransactionLike = { executeRaw(query: RawQuery): Promise<number> };
type AdapterLike = {
  startTransaction(isolationLevel?: never): Promise<TransactionLike | undefined>;
  underlyingDriver?(): unknown;
};
type AdapterFactoryLike = { connect(): Promise<AdapterLike> };

/**
 * Makes every transaction the driver adapter begins start with the current scope's settings
 * (`app.tenant_id`, `app.bypass_rls`, both local to the transaction). Done at the driver, on
 * the transaction's own connection, because a Prisma query per transaction would cost as
 * much again as the work itself; the settings even travel in the BEGIN's own round trip
 * (pinned-begin.ts). createPrismaClient applies it to every client.
 */
export function withScopedTransactions<F extends AdapterFactoryLike>(factory: F): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    watchPoolBegins(adapter.underlyingDriver?.());
    const begin = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const scope = currentTenantScope();
      if (!scope) {
        return begin(isolationLevel);
      }
      const sql = scopeSql(scope);
      // SET TRANSACTION ISOLATION LEVEL must precede every query, so the pin cannot ride on
      // the BEGIN then.
      const { tx, pinned } = isolationLevel
        ? { tx: await begin(isolationLevel), pinned: false }
        : await beginWith(sql, () => begin());
      if (tx && !pinned) {
        await tx.executeRaw({ sql, args: [], argTypes: [] });
      }
      return tx;
    };
    return adapter;
  };
  return factory;
}

/**
 * Wraps a client so that every query runs in a transaction that first sets `app.tenant_id`
 * (or the system flag) from the current scope (runInTenant / runAsSystem). Outside any
 * scope, queries run unchanged and row-level security lets them see no tenant rows at all.
 * Services keep calling `prisma.mailbox.findMany(...)` and `prisma.$transaction(...)` as
 * before; only the client they are handed changes.
 */
export function createTenantScopedClient(base: PrismaClient): PrismaClient {
  const delegates = new Map<string, object>();

  return new Proxy(base, {
    get(target, prop, receiver) {
      if (typeof prop !== 'string') {
        return Reflect.get(target, prop, receiver);
      }
      if (prop === '$transaction') {
        return (arg: unknown, options?: TransactionOptions) => runTransaction(target, arg, options);
      }
      if (RAW_METHODS.has(prop)) {
        return (...args: unknown[]) =>
          new ScopedQuery(target, (client) => callMethod(client, prop, args));
      }
      if (MODEL_DELEGATES.has(prop)) {
        let delegate = delegates.get(prop);
        if (!delegate) {
          delegate = scopeDelegate(target, prop);
          delegates.set(prop, delegate);
        }
        return delegate;
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

type TransactionOptions = Parameters<PrismaClient['$transaction']>[1];
type Build = (client: PrismaClient) => Promise<unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RAW_METHODS = new Set(['$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe']);
const MODEL_DELEGATES = new Set(
  Object.values(Prisma.ModelName).map((name) => name.charAt(0).toLowerCase() + name.slice(1)),
);

/**
 * A lazy query like Prisma's own promises: it runs when awaited, in the scope that was
 * current when it was built, and it can still be handed to `$transaction([...])`.
 */
class ScopedQuery implements PromiseLike<unknown> {
  private running?: Promise<unknown>;
  private readonly scope = currentTenantScope();

  constructor(
    private readonly base: PrismaClient,
    readonly build: Build,
  ) {}

  get [Symbol.toStringTag]() {
    return 'PrismaPromise';
  }

  // biome-ignore lint/suspicious/noThenProperty: it must be awaitable like a PrismaPromise.
  then<A = unknown, B = never>(
    onFulfilled?: ((value: unknown) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.run().then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null) {
    return this.run().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null) {
    return this.run().finally(onFinally);
  }

  private run(): Promise<unknown> {
    this.running ??= runScoped(this.base, this.scope, this.build);
    return this.running;
  }
}

function scopeDelegate(base: PrismaClient, model: string): object {
  const target = Reflect.get(base, model) as Record<string, unknown>;
  return new Proxy(target, {
    get(delegate, op) {
      const value = Reflect.get(delegate, op);
      if (typeof op !== 'string' || typeof value !== 'function') {
        return value;
      }
      return (...args: unknown[]) =>
        new ScopedQuery(base, (client) => {
          const modelDelegate = Reflect.get(client, model) as object;
          return callMethod(modelDelegate, op, args);
        });
    },
  });
}

async function runScoped(
  base: PrismaClient,
  scope: TenantScope | undefined,
  build: Build,
): Promise<unknown> {
  if (!scope) {
    return build(base);
  }
  // A transaction of its own, so the settings (begun with it, see withScopedTransactions)
  // stay local to it and a pooled connection never carries a tenant over to the next user.
  // Interactive, not a batch: Prisma runs a batch of one statement without a transaction, and
  // padding it with an empty second statement cost one more round trip per query.
  // Known limit: a single statement still pays BEGIN (with the settings) and COMMIT, two
  // round trips more than alone; hot paths group their work in one `$transaction`.
  const transaction = () =>
    base.$transaction((tx) => build(tx as unknown as PrismaClient) as Promise<unknown>);
  return storage.run(scope, transaction);
}

function runTransaction(
  base: PrismaClient,
  arg: unknown,
  options: TransactionOptions,
): Promise<unknown> {
  // The transaction begins in the current scope, which withScopedTransactions applies.
  if (typeof arg === 'function') {
    return base.$transaction(arg as (tx: Prisma.TransactionClient) => Promise<unknown>, options);
  }
  const queries = (arg as unknown[]).map((query) =>
    query instanceof ScopedQuery ? query.build(base) : query,
  );
  if (!currentTenantScope() || queries.length !== 1) {
    return base.$transaction(queries as never, options);
  }
  // One statement alone would run outside a transaction, and so outside the scope.
  const padded = [...queries, base.$executeRawUnsafe('SELECT 1')];
  return base.$transaction(padded as never, options).then((results) => results.slice(0, 1));
}

/** The statement that pins a transaction; the tenant id is checked to be a UUID first. */
function scopeSql(scope: TenantScope): string {
  const tenantId = 'tenantId' in scope ? scope.tenantId : '';
  if (tenantId && !UUID.test(tenantId)) {
    throw new Error('tenant scope without a valid tenant id');
  }
  const bypass = 'system' in scope ? 'on' : 'off';
  return (
    `SELECT set_config('app.tenant_id', '${tenantId}', true), ` +
    `set_config('app.bypass_rls', '${bypass}', true)`
  );
}

function callMethod(target: object, name: string, args: unknown[]): Promise<unknown> {
  const method = Reflect.get(target, name) as (...params: unknown[]) => Promise<unknown>;
  return method.apply(target, args);
}

// Prisma's codes for "the database is not there right now": P1001 cannot reach the server,
// P1002 reached it but timed out, P1008 operation timed out, P1017 the server closed the
// connection, P2024 no pool connection in time, P2028 a transaction could not be started.
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);

// What the driver adapter (@prisma/adapter-pg) reports for the same situations.
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

// PostgreSQL SQLSTATEs: class 08 connection exceptions, 53300 too many connections,
// 57P01–57P03 admin shutdown, crash shutdown, cannot connect now (server starting up).
const UNAVAILABLE_SQLSTATE = /^(08...|53300|57P0[123])$/;

// node-postgres gives these errors no code at all, and the driver adapter passes them on
// unwrapped (seen when the connection drops during a transaction's BEGIN): their fixed texts
// (pg lib/client.js, pg-pool index.js) are all there is to go by. Exact matches only.
const PG_CONNECTION_MESSAGES = new Set([
  'Connection terminated unexpectedly',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
]);

/**
 * True when an error means PostgreSQL could not be reached or dropped the connection, as
 * during a restart or failover: worth answering 503 and retrying later, never a bug of the
 * query itself. Reads codes, and message text only for node-postgres's code-less errors.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; isObject(current) && depth < 5; depth += 1) {
    const code = current.code;
    if (typeof code === 'string' && (UNAVAILABLE_PRISMA_CODES.has(code) || isSqlState(code))) {
      return true;
    }
    if (hasUnavailableKind(current) || isCodelessPgConnectionError(current)) {
      return true;
    }
    // Prisma's errors carry the adapter's error in meta; a statement inside an interactive
    // transaction throws the adapter's DriverAdapterError itself, its kind in `cause`.
    const adapterError = isObject(current.meta) ? current.meta.driverAdapterError : undefined;
    if (isObject(adapterError) && hasUnavailableKind(adapterError.cause)) {
      return true;
    }
    current = current.cause;
  }
  return false;
}

function isCodelessPgConnectionError(value: Record<string, unknown>): boolean {
  return (
    value instanceof Error &&
    value.constructor === Error &&
    !('code' in value) &&
    PG_CONNECTION_MESSAGES.has(value.message)
  );
}

function hasUnavailableKind(value: unknown): boolean {
  return (
    isObject(value) && typeof value.kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(value.kind)
  );
}

function isSqlState(code: string): boolean {
  return code.length === 5 && UNAVAILABLE_SQLSTATE.test(code);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.ts';
import { withScopedTransactions } from './tenant-scope.ts';

/** A node-postgres pool; see {@link createDatabasePool}. */
export type DatabasePool = pg.Pool;

export type DatabasePoolOptions = {
  databaseUrl: string;
  /** Connections in this process's pool. */
  maxConnections?: number;
};

/** Either a URL (the client gets a pool of its own) or a pool shared with other code. */
export type CreatePrismaClientOptions = DatabasePoolOptions | { pool: DatabasePool };

/** A Prisma client over node-postgres (the driver adapter works without engine downloads). */
export function createPrismaClient(options: CreatePrismaClientOptions): PrismaClient {
  const adapter = new PrismaPg(
    'pool' in options
      ? options.pool
      : { connectionString: options.databaseUrl, max: options.maxConnections ?? 10 },
  );
  return new PrismaClient({ adapter: withScopedTransactions(adapter) });
}

/**
 * A pool to hand to {@link createPrismaClient} when some code must also reach node-postgres
 * directly on the same connections: Prisma sends a Bytes value as base64 and copies it several
 * times over, while node-postgres sends a Buffer as binary. The caller ends the pool, after
 * the client's `$disconnect()`.
 */
export function createDatabasePool(options: DatabasePoolOptions): DatabasePool {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 10,
  });
  // An idle connection the server drops is removed by the pool; without a listener its error
  // would end the process before Prisma attaches its own on the first query.
  pool.on('error', () => {});
  return pool;
}

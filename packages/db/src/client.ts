import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';
import { withScopedTransactions } from './tenant-scope.ts';

export type CreatePrismaClientOptions = {
  databaseUrl: string;
  /** Connections in this process's pool. */
  maxConnections?: number;
};

/** A Prisma client over node-postgres (the driver adapter works without engine downloads). */
export function createPrismaClient(options: CreatePrismaClientOptions): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 10,
  });
  return new PrismaClient({ adapter: withScopedTransactions(adapter) });
}

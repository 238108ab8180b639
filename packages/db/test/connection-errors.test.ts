import { connect, createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../src/client.ts';
import { isDatabaseUnavailable } from '../src/connection-errors.ts';

const BASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postwerk_test';

// The API answers 503 and the worker retries exactly when this says so; a wrong "true" would
// hide a bug behind a retry, a wrong "false" turns a database restart into 500s.
describe('isDatabaseUnavailable', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('is true when nothing listens on the database port', async () => {
    const port = await freePort();
    const error = await failingQuery(urlWithPort(port));

    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('is true when the server drops every connection', async () => {
    const server = createServer((socket) => socket.resetAndDestroy());
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const error = await failingQuery(urlWithPort(portOf(server)));

    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('is false for an error of the query itself', async () => {
    const url = new URL(BASE_URL);
    url.pathname = '/postgres';
    const prisma = createPrismaClient({ databaseUrl: url.toString(), maxConnections: 1 });
    const error = await prisma.$queryRawUnsafe('SELEC 1').catch((e: unknown) => e);
    await prisma.$disconnect();

    expect(error).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('is true when the connection drops during BEGIN of a transaction', async () => {
    const target = new URL(BASE_URL);
    // Forwards to PostgreSQL until the client sends BEGIN, then closes: node-postgres then
    // rejects with a plain Error without code, which the adapter passes on unwrapped.
    const server = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), '127.0.0.1');
      client.on('data', (chunk: Buffer) => {
        if (chunk.includes('BEGIN')) {
          client.destroy();
          upstream.destroy();
          return;
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => client.write(chunk));
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = new URL(urlWithPort(portOf(server)));
    url.pathname = '/postgres';
    const prisma = createPrismaClient({ databaseUrl: url.toString(), maxConnections: 1 });
    const error = await prisma
      .$transaction(async (tx) => tx.$queryRawUnsafe('SELECT 1'))
      .catch((e: unknown) => e);
    await prisma.$disconnect();

    expect(error).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('is true for the adapter error a statement inside a transaction throws', () => {
    // The shape @prisma/adapter-pg throws when the connection closes mid-transaction, as seen
    // in bench/test/postgres-outage.test.ts; Prisma does not wrap it there.
    const error = Object.assign(new Error('ConnectionClosed'), {
      name: 'DriverAdapterError',
      cause: { kind: 'ConnectionClosed' },
    });

    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('is false for errors that are not the database', () => {
    expect(isDatabaseUnavailable(new Error('P1001'))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: 'P2002' }))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});

async function failingQuery(databaseUrl: string): Promise<unknown> {
  const prisma = createPrismaClient({ databaseUrl, maxConnections: 1 });
  try {
    await prisma.$queryRawUnsafe('SELECT 1');
    throw new Error('query unexpectedly succeeded');
  } catch (error) {
    return error;
  } finally {
    await prisma.$disconnect();
  }
}

function urlWithPort(port: number): string {
  const url = new URL(BASE_URL);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return url.toString();
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

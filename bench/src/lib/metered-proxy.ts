import { connect, createServer, type Socket } from 'node:net';

export type MeteredProxy = {
  port: number;
  /** From now on pass at most `bytes` more of the server's bytes (Infinity: no limit). */
  allow(bytes: number): void;
  /** Passes nothing more from the server, from this moment on. */
  hold(): void;
  /** Whether the allowance ran out and the server's bytes are held back. */
  isHolding(): boolean;
  /** Server bytes passed since the last allow(). */
  passed(): number;
  /** Client connections open right now. */
  openConnections(): number;
  /** Closes every connection through the proxy, on both sides. */
  dropAll(): void;
  close(): Promise<void>;
};

/**
 * A TCP forwarder on 127.0.0.1 in front of `target` that passes the server's bytes only up to
 * an allowance, then holds them: the client stops at that byte of the session, waiting. Crash
 * tests use it to freeze a worker at a chosen point of a POP3 session (TLS included, so the
 * point is counted in bytes, not commands) before they kill it. Client bytes always pass.
 */
export async function startMeteredProxy(target: { host: string; port: number }) {
  const open = new Set<Socket>();
  const clients = new Set<Socket>();
  let allowance = Number.POSITIVE_INFINITY;
  let passed = 0;
  let holding = false;

  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    clients.add(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
      clients.delete(client);
    };
    for (const socket of [client, upstream]) {
      socket.on('error', drop);
      socket.on('close', drop);
    }
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      const room = Math.max(0, allowance - passed);
      if (room >= chunk.length) {
        passed += chunk.length;
        client.write(chunk);
        return;
      }
      // The rest of this chunk is dropped: a held connection is only ever closed afterwards.
      client.write(chunk.subarray(0, room));
      passed += room;
      holding = true;
      upstream.pause();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const proxy: MeteredProxy = {
    port,
    allow(bytes) {
      allowance = bytes;
      passed = 0;
      holding = false;
    },
    hold() {
      allowance = passed;
    },
    isHolding: () => holding,
    passed: () => passed,
    openConnections: () => clients.size,
    dropAll() {
      for (const socket of open) {
        socket.destroy();
      }
      open.clear();
      clients.clear();
    },
    async close() {
      proxy.dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}

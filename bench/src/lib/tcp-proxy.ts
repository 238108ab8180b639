import { connect, createServer, type Server, type Socket } from 'node:net';

export type TcpProxy = {
  port: number;
  /** Connections opened through the proxy so far. */
  connections(): number;
  /**
   * Cuts every open connection (a reset on both sides) and stops listening, so new
   * connections are refused: what clients see when the database server goes away.
   */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
};

/**
 * A byte-for-byte TCP forwarder on a free port of 127.0.0.1 in front of `target`. Used to
 * take PostgreSQL away from the API and the worker without touching the real server.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let opened = 0;
  let server: Server | undefined;

  const listen = async (port: number): Promise<number> => {
    const next = createServer((client) => {
      opened += 1;
      const upstream = connect(target.port, target.host);
      open.add(client);
      open.add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        open.delete(client);
        open.delete(upstream);
      };
      client.on('error', drop);
      upstream.on('error', drop);
      client.on('close', drop);
      upstream.on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    server = next;
    const address = next.address();
    return typeof address === 'object' && address ? address.port : port;
  };

  const port = await listen(0);
  const stopListening = async () => {
    const current = server;
    server = undefined;
    if (current) {
      await new Promise<void>((resolve) => current.close(() => resolve()));
    }
  };

  return {
    port,
    connections: () => opened,
    async cut() {
      const closing = stopListening();
      for (const socket of open) {
        // resetAndDestroy sends RST: the peer sees ECONNRESET, as when a server dies.
        socket.resetAndDestroy();
      }
      open.clear();
      await closing;
    },
    async restore() {
      await listen(port);
    },
    async close() {
      for (const socket of open) {
        socket.destroy();
      }
      await stopListening();
    },
  };
}

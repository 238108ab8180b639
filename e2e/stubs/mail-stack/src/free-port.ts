import net from 'node:net';

/**
 * Asks the kernel for a free port on 127.0.0.1 and releases it again. Dovecot reads its ports
 * from the config file, so they must be known before it starts.
 *
 * Known limit: another process can take the port between this call and Dovecot's bind; the
 * start then fails with "Address already in use" in the Dovecot log and must be retried.
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves `0` entries to distinct free ports; other values are kept. */
export async function resolvePorts<T extends Record<string, number>>(ports: T): Promise<T> {
  const taken = new Set(Object.values(ports).filter((port) => port !== 0));
  const resolved: Record<string, number> = {};
  for (const [name, port] of Object.entries(ports)) {
    let chosen = port;
    while (chosen === 0 || (port === 0 && taken.has(chosen))) {
      chosen = await findFreePort();
    }
    taken.add(chosen);
    resolved[name] = chosen;
  }
  return resolved as T;
}

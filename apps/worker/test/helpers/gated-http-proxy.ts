import { createServer, request } from 'node:http';

export type GatedHttpProxy = {
  url: string;
  /** Requests that arrived while the gate was shut and wait for it. */
  waiting(): number;
  /** Lets every waiting request and each later one through. */
  open(): void;
  close(): Promise<void>;
};

/**
 * An HTTP forwarder in front of `target` that holds every request until `open()`. A test uses
 * it to keep jobs busy at a chosen point, e.g. a token refresh, until all of them have started.
 */
export async function startGatedHttpProxy(target: string): Promise<GatedHttpProxy> {
  const upstream = new URL(target);
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let waiting = 0;

  const server = createServer(async (incoming, reply) => {
    waiting += 1;
    await gate;
    waiting -= 1;
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        reply.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(reply);
      },
    );
    forwarded.on('error', () => reply.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    waiting: () => waiting,
    open: () => open(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** The header every bench message carries; the sink counts deliveries by it. */
export const BENCH_ID_HEADER = 'X-Bench-Id';

export type SmtpSink = {
  port: number;
  /** Deliveries per bench id; a count above 1 is a duplicate delivery. */
  deliveries: Map<string, number>;
  /** performance.now() of the 250 reply, first delivery per id. */
  acceptedAt: Map<string, number>;
  total(): number;
  /** Resolves with the 250's time once `id` has been delivered. */
  waitFor(id: string): Promise<number>;
  reset(): void;
  close(): Promise<void>;
};

/**
 * A plain local SMTP server (no TLS, no AUTH) that reads each message, notes its bench id and
 * answers 250. Both sides of a comparison send here. smtp-server waits a fixed 100 ms before
 * its greeting on every connection; pooled senders pay it once per connection.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const deliveries = new Map<string, number>();
  const acceptedAt = new Map<string, number>();
  const waiters = new Map<string, (at: number) => void>();
  let total = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 64 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const id = benchIdOf(Buffer.concat(chunks)) ?? 'none';
        deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
        if (!acceptedAt.has(id)) {
          const at = performance.now();
          acceptedAt.set(id, at);
          waiters.get(id)?.(at);
          waiters.delete(id);
        }
        total += 1;
        callback();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    deliveries,
    acceptedAt,
    total: () => total,
    waitFor(id) {
      const at = acceptedAt.get(id);
      if (at !== undefined) {
        return Promise.resolve(at);
      }
      return new Promise((resolve) => waiters.set(id, resolve));
    },
    reset() {
      deliveries.clear();
      acceptedAt.clear();
      total = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function benchIdOf(raw: Buffer): string | undefined {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end >= 0 ? end : Math.min(raw.length, 4096)).toString('latin1');
  const match = new RegExp(`^${BENCH_ID_HEADER}: *(\\S+)`, 'mi').exec(head);
  return match?.[1];
}

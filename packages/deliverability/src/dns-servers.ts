import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * DNS_SERVERS as API and worker read it: comma-separated `1.2.3.4`, `1.2.3.4:53`, `::1` or
 * `[::1]:53` (the forms `Resolver#setServers` accepts); empty means the system resolver.
 */
export const DnsServersSchema = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().refine(isDnsServer, 'expected an IP address with optional :port')));

function isDnsServer(value: string): boolean {
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(value) ?? /^([^:]+)(?::(\d+))?$/.exec(value);
  const host = match?.[1] ?? value;
  const port = Number(match?.[2] ?? 53);
  return isIP(host) !== 0 && port > 0 && port < 65_536;
}

import { Resolver } from 'node:dns/promises';

/**
 * Resolves like `dns.promises.resolve(name, type)` and rejects with node's DNS error codes
 * (`ENOTFOUND`, `ENODATA`, `ETIMEOUT`, …). This is also the resolver shape mailauth takes.
 */
export type DnsLookup = (name: string, type: string) => Promise<unknown>;

export type DnsLookupOptions = {
  /** `ip` or `ip:port`; empty means the system's resolvers. */
  servers: string[];
  timeoutMs: number;
  tries: number;
};

/** Why a lookup gave no data. TIMEOUT and FAILURE mean DNS could not be asked: no verdict. */
export type DnsMissReason = 'NXDOMAIN' | 'NODATA' | 'TIMEOUT' | 'FAILURE';

export type DnsOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; reason: DnsMissReason; code: string; name: string; type: string };

export type DnsFailure = { name: string; type: string; code: string };

export type LookupTrace = ReturnType<typeof traceLookup>;

/** A lookup through node's c-ares resolver with our servers, timeout and tries. */
export function createDnsLookup(options: DnsLookupOptions): DnsLookup {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: options.tries });
  if (options.servers.length) {
    resolver.setServers(options.servers);
  }
  return (name, type) => resolver.resolve(name, type as 'TXT');
}

/**
 * Remembers every answer and every failure for the lifetime of the returned function (one
 * check run). SPF evaluation for several addresses asks the same names again and again, and
 * a name that timed out once should not cost the timeout a second time.
 */
export function memoizeLookup(lookup: DnsLookup): DnsLookup {
  const cache = new Map<string, Promise<unknown>>();
  return (name, type) => {
    const key = `${type} ${name.toLowerCase()}`;
    let pending = cache.get(key);
    if (!pending) {
      pending = lookup(name, type);
      cache.set(key, pending);
    }
    return pending;
  };
}

/** Records which names a lookup was asked for, and which of them DNS could not answer. */
export function traceLookup(lookup: DnsLookup) {
  const asked = new Set<string>();
  const failures: DnsFailure[] = [];
  const traced: DnsLookup = async (name, type) => {
    asked.add(`${type} ${name.toLowerCase()}`);
    try {
      return await lookup(name, type);
    } catch (error) {
      const code = errorCode(error);
      if (isFailureCode(code)) {
        failures.push({ name, type, code });
      }
      throw error;
    }
  };
  return {
    lookup: traced,
    failures,
    hasAsked: (type: string, name: string) => asked.has(`${type} ${name.toLowerCase()}`),
  };
}

/** Runs one lookup and turns node's error codes into an outcome the judges can read. */
export async function tryLookup<T>(
  lookup: DnsLookup,
  name: string,
  type: string,
): Promise<DnsOutcome<T>> {
  try {
    return { ok: true, value: (await lookup(name, type)) as T };
  } catch (error) {
    const code = errorCode(error);
    return { ok: false, reason: reasonOf(code), code, name, type };
  }
}

export function isFailureCode(code: string): boolean {
  return reasonOf(code) === 'TIMEOUT' || reasonOf(code) === 'FAILURE';
}

function reasonOf(code: string): DnsMissReason {
  switch (code) {
    case 'ENOTFOUND':
      return 'NXDOMAIN';
    case 'ENODATA':
      return 'NODATA';
    case 'ETIMEOUT':
      return 'TIMEOUT';
    default:
      return 'FAILURE';
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}

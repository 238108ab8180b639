import { createHash } from 'node:crypto';
import type { SmtpTransportOptions } from './smtp-options.ts';
import { createSmtpTransport, type SmtpTransport } from './smtp-transport.ts';

interface PoolEntry {
  fingerprint: string;
  transport: SmtpTransport;
}

/**
 * Keeps one pooled transport per server and account (security, host, port, auth type, user).
 * When the settings or the secret of a key change (a refreshed access token every hour),
 * `get` closes the old transport, letting deliveries in progress finish, and opens a new one.
 */
export class SmtpTransportPool {
  readonly #entries = new Map<string, PoolEntry>();

  /** Number of open transports. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Returns the transport for the options' server and account, creating or replacing it.
   * The `onLine` hook and logger of the call that created the transport stay in use.
   */
  get(options: SmtpTransportOptions): SmtpTransport {
    const key = buildPoolKey(options);
    const fingerprint = fingerprintSettings(options);
    const existing = this.#entries.get(key);
    if (existing?.fingerprint === fingerprint) {
      return existing.transport;
    }

    existing?.transport.close();
    const transport = createSmtpTransport(options);
    this.#entries.set(key, { fingerprint, transport });
    return transport;
  }

  /** Closes every transport; idle connections at once, busy ones after their message. */
  closeAll(): void {
    for (const { transport } of this.#entries.values()) {
      transport.close();
    }
    this.#entries.clear();
  }
}

/** The identity of a pooled transport: one per server and account. */
export function buildPoolKey(options: SmtpTransportOptions): string {
  const user = options.auth.type === 'none' ? '' : options.auth.user.toLowerCase();
  const host = options.host.toLowerCase();
  return [options.security, host, options.port, options.auth.type, user].join('|');
}

// A hash, so the registry holds no second copy of the secret in a readable form.
function fingerprintSettings(options: SmtpTransportOptions): string {
  const { onLine: _onLine, logger: _logger, tls, ...settings } = options;
  const tlsSettings = tls ? { ...tls, ca: String(tls.ca ?? ''), key: undefined } : undefined;
  const keyDigest = tls?.key ? createHash('sha256').update(String(tls.key)).digest('hex') : '';
  const material = JSON.stringify({ settings, tlsSettings, keyDigest });
  return createHash('sha256').update(material).digest('hex');
}

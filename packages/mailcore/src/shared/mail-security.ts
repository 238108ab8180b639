import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { z } from 'zod';

/**
 * Transport security of a mail server connection: implicit TLS from the first byte (`TLS`,
 * ports 465/995), an upgrade with STARTTLS/STLS after the greeting (`STARTTLS`, ports
 * 587/110), or none at all (`NONE`).
 */
export const mailSecuritySchema = z.enum(['TLS', 'STARTTLS', 'NONE']);

/** See {@link mailSecuritySchema}. */
export type MailSecurity = z.infer<typeof mailSecuritySchema>;

/**
 * TLS settings passed through to `tls.connect`. `rejectUnauthorized` defaults to true: a
 * certificate that does not verify ends the connection.
 */
export type TlsPassthroughOptions = Pick<
  ConnectionOptions,
  | 'ca'
  | 'cert'
  | 'key'
  | 'servername'
  | 'rejectUnauthorized'
  | 'minVersion'
  | 'maxVersion'
  | 'ciphers'
  | 'checkServerIdentity'
>;

/**
 * Builds the options for `tls.connect`: verification on unless explicitly switched off, and
 * SNI only for host names, since RFC 6066 §3 forbids IP literals in server_name.
 */
export function buildTlsConnectOptions(
  host: string,
  tls: TlsPassthroughOptions = {},
): ConnectionOptions {
  const servername = tls.servername ?? (isIP(host) === 0 ? host : undefined);
  return { ...tls, host, servername, rejectUnauthorized: tls.rejectUnauthorized ?? true };
}

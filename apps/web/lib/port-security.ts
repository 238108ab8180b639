import type { AuthMethod, Security, ServerRole } from './api-types';

// A hint shown while typing; the API checks the same rules and has the last word.
// Implicit-TLS ports (RFC 8314 §3.3): SMTP 465, POP3 995. STARTTLS ports: SMTP 587
// (RFC 6409) and 25, POP3 110 (RFC 2595 §4). A client that speaks TLS first on a STARTTLS
// port, or the reverse, never completes the handshake.
const IMPLICIT_TLS_PORT: Record<ServerRole, number> = { outgoing: 465, incoming: 995 };
const STARTTLS_PORTS: Record<ServerRole, readonly number[]> = {
  outgoing: [587, 25],
  incoming: [110],
};
const STARTTLS_PORT: Record<ServerRole, number> = { outgoing: 587, incoming: 110 };

export type PortHint =
  | { kind: 'needsTls'; port: number; alternative: number }
  | { kind: 'noTls'; port: number; alternative: number }
  | { kind: 'credentialsNeedTls' };

/** What is wrong with the combination, or undefined when it can work. */
export function findPortHint(
  role: ServerRole,
  port: number,
  security: Security,
  authMethod: AuthMethod,
): PortHint | undefined {
  if (port === IMPLICIT_TLS_PORT[role] && security !== 'TLS') {
    return { kind: 'needsTls', port, alternative: STARTTLS_PORT[role] };
  }
  if (STARTTLS_PORTS[role].includes(port) && security === 'TLS') {
    return { kind: 'noTls', port, alternative: IMPLICIT_TLS_PORT[role] };
  }
  if (security === 'NONE' && authMethod !== 'NONE') {
    return { kind: 'credentialsNeedTls' };
  }
  return undefined;
}

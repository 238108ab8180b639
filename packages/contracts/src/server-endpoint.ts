import type { FieldIssue } from './error-codes.ts';

export type TransportSecurity = 'STARTTLS' | 'TLS' | 'NONE';
export type AuthMethod = 'NONE' | 'PASSWORD' | 'OAUTH2';
export type ServerRole = 'outgoing' | 'incoming';

export type ServerEndpoint = {
  role: ServerRole;
  host: string;
  port: number;
  security: TransportSecurity;
  authMethod: AuthMethod;
};

// Ports whose transport security is fixed by convention. An implicit-TLS client on a
// STARTTLS port (or the reverse) never completes a handshake, so these are refused with the
// combination that works. Other ports are accepted as given.
// SMTP: RFC 8314 §3.3 (465 implicit TLS), RFC 6409 (587 submission with STARTTLS).
// POP3: RFC 8314 §3.3 (995 implicit TLS), RFC 2595 §4 (110 with STLS).
const IMPLICIT_TLS_PORTS = { outgoing: [465], incoming: [995] } as const;
const STARTTLS_PORTS = { outgoing: [25, 587], incoming: [110] } as const;
const PORT_FOR = {
  outgoing: { TLS: 465, STARTTLS: 587 },
  incoming: { TLS: 995, STARTTLS: 110 },
} as const;

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** Checks a host name the way a resolver would accept it: no scheme, port, path or spaces. */
export function checkHost(host: string): FieldIssue | undefined {
  const trimmed = host.trim();
  if (!trimmed) {
    return { path: 'host', code: 'HOST_REQUIRED', message: 'Bitte geben Sie den Server an.' };
  }
  if (IPV4.test(trimmed) || isBracketFreeIpv6(trimmed)) {
    return undefined;
  }
  const labels = trimmed.replace(/\.$/, '').split('.');
  if (trimmed.length > 253 || !labels.every((label) => HOST_LABEL.test(label))) {
    return {
      path: 'host',
      code: 'HOST_INVALID',
      message:
        'Der Servername ist ungültig. Geben Sie nur den Namen an, z. B. outlook.office365.com ' +
        '(ohne https://, Port oder Pfad); Umlaute sind erlaubt.',
    };
  }
  return undefined;
}

/** All problems with a server's host, port, transport security and authentication method. */
export function checkServerEndpoint(endpoint: ServerEndpoint): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const hostIssue = checkHost(endpoint.host);
  if (hostIssue) {
    issues.push(hostIssue);
  }
  if (!Number.isInteger(endpoint.port) || endpoint.port < 1 || endpoint.port > 65535) {
    issues.push({
      path: 'port',
      code: 'PORT_INVALID',
      message: 'Der Port muss eine ganze Zahl zwischen 1 und 65535 sein.',
    });
  } else {
    const mismatch = checkPortSecurity(endpoint.role, endpoint.port, endpoint.security);
    if (mismatch) {
      issues.push(mismatch);
    }
  }
  const authIssue = checkAuthMethod(endpoint);
  if (authIssue) {
    issues.push(authIssue);
  }
  return issues;
}

function checkPortSecurity(
  role: ServerRole,
  port: number,
  security: TransportSecurity,
): FieldIssue | undefined {
  const implicitPorts: readonly number[] = IMPLICIT_TLS_PORTS[role];
  const starttlsPorts: readonly number[] = STARTTLS_PORTS[role];
  const ports = PORT_FOR[role];

  if (implicitPorts.includes(port) && security !== 'TLS') {
    return {
      path: 'security',
      code: 'PORT_SECURITY_MISMATCH',
      message:
        `Port ${port} verwendet implizites TLS (SSL/TLS). Wählen Sie „TLS“ – ` +
        `oder Port ${ports.STARTTLS} mit STARTTLS.`,
      params: { port, expected: 'TLS', alternative: ports.STARTTLS },
    };
  }
  if (starttlsPorts.includes(port) && security === 'TLS') {
    return {
      path: 'security',
      code: 'PORT_SECURITY_MISMATCH',
      message:
        `Port ${port} verwendet STARTTLS, kein implizites TLS. Wählen Sie „STARTTLS“ – ` +
        `oder Port ${ports.TLS} mit TLS.`,
      params: { port, expected: 'STARTTLS', alternative: ports.TLS },
    };
  }
  return undefined;
}

function checkAuthMethod(endpoint: ServerEndpoint): FieldIssue | undefined {
  if (endpoint.role === 'incoming' && endpoint.authMethod === 'NONE') {
    return {
      path: 'authMethod',
      code: 'AUTH_METHOD_REQUIRED',
      message: 'Ein Posteingangsserver braucht eine Anmeldung: Kennwort oder Microsoft-Konto.',
    };
  }
  if (endpoint.security === 'NONE' && endpoint.authMethod !== 'NONE') {
    return {
      path: 'security',
      code: 'CREDENTIALS_NEED_TLS',
      message:
        'Kennwörter und Microsoft-Anmeldungen werden nie unverschlüsselt gesendet. ' +
        'Wählen Sie STARTTLS oder TLS.',
    };
  }
  return undefined;
}

function isBracketFreeIpv6(host: string): boolean {
  return host.includes(':') && /^[0-9a-f:.]+$/i.test(host);
}

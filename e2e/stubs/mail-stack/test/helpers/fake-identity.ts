import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The RFC 7662 fields the identity stand-in returns for an active token. */
export interface IntrospectionClaims {
  email: string;
  upn?: string;
  scope?: string;
  scp?: string;
  exp?: number;
  tid?: string;
  oid?: string;
  aud?: string;
}

export interface FakeIdentity {
  url: string;
  /** Every introspection call, to check how Dovecot and the SMTP side ask. */
  calls: { method: string; via: 'form' | 'bearer' | 'none' }[];
  issueToken(email: string, overrides?: Partial<IntrospectionClaims> & { length?: number }): string;
  close(): Promise<void>;
}

/**
 * A stand-in for e2e/stubs/ms-identity's `/_stub/introspect`, implementing the same contract:
 * POST with form field `token`, or GET with `Authorization: Bearer`; answers
 * `{ active, email, upn, scope, scp, exp, tid, oid, aud }`, or `{ active: false }`.
 */
export async function startFakeIdentity(): Promise<FakeIdentity> {
  const tokens = new Map<string, IntrospectionClaims>();
  const calls: FakeIdentity['calls'] = [];

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { token, via } = readToken(request, Buffer.concat(chunks).toString('utf8'));
      calls.push({ method: request.method ?? '', via });
      const claims = token ? tokens.get(token) : undefined;
      const body = claims ? { active: true, ...claims } : { active: false };
      const status = request.url?.startsWith('/_stub/introspect') ? 200 : 404;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    issueToken(email, overrides = {}) {
      const { length = 1200, ...claims } = overrides;
      const token = randomBytes(length).toString('base64url').slice(0, length);
      tokens.set(token, {
        email,
        upn: email,
        // Like e2e/stubs/ms-identity: `scope` repeats the short names of `scp`.
        scope: 'SMTP.Send POP.AccessAsUser.All',
        scp: 'SMTP.Send POP.AccessAsUser.All',
        exp: Math.floor(Date.now() / 1000) + 3600,
        tid: '9188040d-6c67-4c5b-b112-36a304b66dad',
        oid: randomBytes(16).toString('hex'),
        aud: 'https://outlook.office.com',
        ...claims,
      });
      return token;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function readToken(request: http.IncomingMessage, body: string) {
  const header = request.headers.authorization ?? '';
  if (request.method === 'GET' && header.toLowerCase().startsWith('bearer ')) {
    return { token: header.slice(7).trim(), via: 'bearer' as const };
  }
  const token = new URLSearchParams(body).get('token');
  return token ? { token, via: 'form' as const } : { token: undefined, via: 'none' as const };
}

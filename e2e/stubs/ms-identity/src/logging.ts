import type { FastifyInstance } from 'fastify';
import type { IdentityStubConfig } from './options.ts';

// A safety net only: no code here logs a credential on purpose. Mirrors the list in
// @postwerk/contracts, plus the OAuth form field names this stub receives.
const REDACT_PATHS = [
  'password',
  'passwd',
  'token',
  'code',
  'state',
  'client_secret',
  'clientSecret',
  'refresh_token',
  'access_token',
  'id_token',
  'code_verifier',
  'body',
  '*.password',
  '*.passwd',
  '*.token',
  '*.code',
  '*.client_secret',
  '*.refresh_token',
  '*.access_token',
  '*.id_token',
  '*.code_verifier',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

/** Fastify logger options from the stub's `logger` option, with redaction added. */
export function buildFastifyLogger(logger: IdentityStubConfig['logger']) {
  if (logger === false) {
    return false;
  }
  return { redact: { paths: REDACT_PATHS, censor: '[redacted]' }, ...logger };
}

/**
 * Fastify's own request lines print the raw URL, and the authorize URL carries `state`
 * and `nonce`, the introspection URL may carry a token. So they are off, and this hook
 * logs the route pattern instead, which never holds a value.
 */
export function addRequestLogging(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? '(no route)';
    const tenant = (request.params as { tenant?: string } | undefined)?.tenant;
    request.log.debug(
      { method: request.method, route, tenant, statusCode: reply.statusCode },
      'request completed',
    );
  });
}

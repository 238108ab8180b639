import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app.ts';
import { AppError } from '../errors.ts';
import { type ApiKeyContext, resolveApiKey } from '../services/api-keys/api-key-auth.ts';
import { bearerTokenOf } from '../services/api-keys/api-key-secrets.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request authenticated with an API key; `auth` then stays null. */
    apiKey: ApiKeyContext | null;
  }
  interface FastifyContextConfig {
    /** Set on MACHINE_ROUTES by registerApiKeyAuth: the routes an API key may call. */
    apiKeyAccess?: boolean;
  }
}

/**
 * What other vendor software may do with an API key (PRODUCT.md, "other vendor software"):
 * hand over mail for a mailbox, follow its status, read what was received. Nothing that
 * changes or reveals settings, servers, accounts or keys; those stay with the portal session.
 */
// Known limit: a key opens these routes for every mailbox of its tenant and lives until it is
// revoked; there are no per-mailbox scopes and no expiry date. There is also no route for the
// software to list mailbox ids: the admin reads them off the portal's API-Zugang page.
export const MACHINE_ROUTES = [
  'POST /api/mailboxes/:id/messages',
  'GET /api/messages/:id',
  'GET /api/mailboxes/:id/inbox',
  'GET /api/mailboxes/:id/inbox/:messageId',
  'GET /api/mailboxes/:id/inbox/:messageId/raw',
];

/** The OpenAPI security scheme of API keys, declared on the machine routes for /docs. */
export const API_KEY_SECURITY_SCHEME = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'pwk_<prefix>_<secret>',
  description:
    'API key of the tenant, created by a firm admin under Einstellungen → API-Zugang. ' +
    'Send `Authorization: Bearer pwk_…`; no cookie and no CSRF token are needed.',
} as const;

const RATE_WINDOW_MS = 60_000;

/**
 * Bearer authentication with tenant API keys. Runs before the session hook of plugins/auth.ts:
 * a request with `Authorization: Bearer` is judged by its key alone (any session cookie it
 * carries is ignored, and CSRF does not apply, since no cookie authenticates it).
 */
export function registerApiKeyAuth(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('apiKey', null);

  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (!methods.some((method) => MACHINE_ROUTES.includes(`${method} ${route.url}`))) {
      return;
    }
    route.config = { ...route.config, apiKeyAccess: true };
    // Either credential works on these routes; /docs shows both.
    route.schema = { ...route.schema, security: [{ apiKey: [] }, { session: [] }] };
  });

  app.addHook('onRequest', async (request, reply) => {
    const presented = bearerTokenOf(request.headers.authorization);
    if (presented === undefined) {
      return;
    }
    const key = await resolveApiKey(deps.prisma, presented);
    if (!key) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw new AppError(
        'API_KEY_INVALID',
        'Der API-Schlüssel ist unbekannt, ungültig oder widerrufen.',
      );
    }
    if (!request.routeOptions.config.apiKeyAccess && !request.is404) {
      throw new AppError(
        'API_KEY_ROUTE_FORBIDDEN',
        'Mit einem API-Schlüssel sind nur Versand, Versandstatus und Posteingang erreichbar.',
      );
    }
    await enforceRateLimit(deps, key, request, reply);
    request.apiKey = key;
    request.log.info({ apiKeyId: key.id }, 'api key authenticated');
  });
}

// A fixed one-minute window per key in Redis, so the limit holds across API instances.
// Known limit: a burst at the edge of two windows can reach twice the limit for a moment.
async function enforceRateLimit(
  deps: AppDeps,
  key: ApiKeyContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const window = Math.floor(Date.now() / RATE_WINDOW_MS);
  const counter = `postwerk-rate-limit:api-key:${key.id}:${window}`;
  const limit = deps.env.API_KEY_RATE_LIMIT_PER_MINUTE;
  let count: number;
  try {
    const results = await deps.redis.multi().incr(counter).pexpire(counter, RATE_WINDOW_MS).exec();
    count = Number(results?.[0]?.[1] ?? 0);
  } catch (err) {
    // The limit guards against a runaway client, not correctness: without Redis, let it pass.
    request.log.warn({ err, apiKeyId: key.id }, 'api key rate limit unavailable');
    return;
  }
  if (count > limit) {
    const retryAfter = Math.ceil(((window + 1) * RATE_WINDOW_MS - Date.now()) / 1000);
    reply.header('retry-after', String(Math.max(1, retryAfter)));
    throw new AppError(
      'API_KEY_RATE_LIMITED',
      'Zu viele Anfragen mit diesem API-Schlüssel. Bitte warten Sie bis zur nächsten Minute.',
      { details: { limitPerMinute: limit } },
    );
  }
}

import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { ZodError } from 'zod';
import type { StubContext } from './context.ts';
import { AadError } from './errors/aad-error.ts';
import { addRequestLogging, buildFastifyLogger } from './logging.ts';
import { type IdentityStubOptions, parseOptions } from './options.ts';
import { registerAdminConsentRoutes } from './routes/admin-consent-routes.ts';
import { registerAuthorizeRoutes } from './routes/authorize-routes.ts';
import { registerControlRoutes } from './routes/control-routes.ts';
import { registerDiscoveryRoutes } from './routes/discovery-routes.ts';
import { sendAadJson } from './routes/respond.ts';
import { registerSignInRoutes } from './routes/sign-in-routes.ts';
import { registerTokenRoutes } from './routes/token-routes.ts';
import { createControls, type StubControls } from './state/controls.ts';
import { createStore } from './state/store.ts';
import { createTenantDirectory } from './tenants.ts';
import { createSigningKey } from './tokens/signing-key.ts';

export interface IdentityStub {
  app: FastifyInstance;
  controls: StubControls;
}

/**
 * Builds the stand-in for the Microsoft identity platform without listening, for
 * `app.inject()` or a caller-owned `listen`. Without `issuerBaseUrl`, URLs in discovery
 * documents and ID tokens follow the request's Host header.
 */
export async function buildIdentityStub(options: IdentityStubOptions = {}): Promise<IdentityStub> {
  const { app, controls } = await createIdentityStub(options);
  return { app, controls };
}

/** Like `buildIdentityStub`, also handing out the shared context for `startIdentityStub`. */
export async function createIdentityStub(
  options: IdentityStubOptions,
): Promise<IdentityStub & { ctx: StubContext }> {
  const config = parseOptions(options);
  const ctx: StubContext = {
    config,
    key: await createSigningKey(),
    store: createStore(),
    tenants: createTenantDirectory(config),
    publicBaseUrl: config.issuerBaseUrl,
  };
  const controls = createControls(ctx);

  const app = Fastify({
    logger: buildFastifyLogger(config.logger),
    logController: new LogController({ disableRequestLogging: true }),
    // Dovecot's `get` introspection mode puts a whole 4 KB token into the path.
    routerOptions: { maxParamLength: 16_384 },
  });
  await app.register(formbody);
  addRequestLogging(app);
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AadError) {
      return sendAadJson(ctx, request, reply, error);
    }
    if (error instanceof ZodError) {
      request.log.info({ issues: error.issues.length }, 'invalid request');
      return reply.code(400).send({ error: 'invalid_request', issues: error.issues });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status < 500) {
      request.log.info({ status }, 'invalid request');
      return reply.code(status).send({ error: 'invalid_request' });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'server_error' });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not_found' }));

  registerDiscoveryRoutes(app, ctx);
  registerAuthorizeRoutes(app, ctx);
  registerAdminConsentRoutes(app, ctx);
  registerSignInRoutes(app, ctx);
  registerTokenRoutes(app, ctx);
  registerControlRoutes(app, ctx, controls);
  return { app, controls, ctx };
}

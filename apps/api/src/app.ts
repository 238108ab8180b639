import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { createTenantScopedClient, type PrismaClient, type SecretBox } from '@postwerk/db';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Env } from './env.ts';
import { API_KEY_SECURITY_SCHEME } from './plugins/api-key-auth.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerMetrics } from './plugins/metrics.ts';
import { registerQueueDashboard } from './plugins/queue-dashboard.ts';
import { createQueues } from './plugins/queues.ts';
import { registerRejectNulCharacters } from './plugins/reject-nul-characters.ts';
import { accessRequestRoutes } from './routes/access-requests/index.ts';
import { apiKeyRoutes } from './routes/api-keys/index.ts';
import { auditEventRoutes } from './routes/audit-events/index.ts';
import { authRoutes } from './routes/auth/index.ts';
import { companyRoutes } from './routes/companies/index.ts';
import { deliverabilityOverviewRoutes } from './routes/deliverability/index.ts';
import { healthRoutes } from './routes/health/index.ts';
import { inboxRoutes } from './routes/inbox/index.ts';
import { mailboxRoutes } from './routes/mailboxes/index.ts';
import { messageRoutes } from './routes/messages/index.ts';
import { microsoftRoutes } from './routes/microsoft/index.ts';
import { presetRoutes } from './routes/presets/index.ts';
import { serverRoutes } from './routes/servers/index.ts';
import { sessionLogRoutes } from './routes/session-logs/index.ts';
import { settingsRoutes } from './routes/settings/index.ts';
import { settingsTestRoutes } from './routes/settings-tests/index.ts';
import { supportRoutes } from './routes/support/index.ts';

/** Everything the API talks to, created by server.ts (or a test) and passed in. */
export type AppDeps = {
  env: Env;
  prisma: PrismaClient;
  redis: Redis;
  secretBox: SecretBox;
  logger: Logger;
};

export type RouteEntry = { method: string; url: string };

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

/**
 * Builds the API without listening, so tests can use `inject()`. `input.prisma` should
 * connect as the application role (postwerk_app); every query then runs pinned to the
 * tenant of the request (see plugins/auth.ts and @postwerk/db's tenant-scope.ts).
 */
export async function buildApp(input: AppDeps): Promise<FastifyInstance> {
  const deps: AppDeps = { ...input, prisma: createTenantScopedClient(input.prisma) };
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: true,
    // Bodies carry raw MIME messages with attachments.
    bodyLimit: 30 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  // The route table, kept so tests can walk every route (tenant isolation covers new ones).
  const routeTable: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      routeTable.push({ method, url: route.url });
    }
  });
  app.decorate('routeTable', routeTable);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  registerRejectNulCharacters(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Postwerk API', version: '0.1.0' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'pw_session' },
          apiKey: API_KEY_SECURITY_SCHEME,
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await registerAuth(app, deps);

  await app.register(healthRoutes(deps));
  await app.register(authRoutes(deps), { prefix: '/api/auth' });
  const queues = createQueues(deps.redis, deps.env.QUEUE_PREFIX, deps.logger);
  app.addHook('onClose', () => queues.close());
  registerMetrics(app, queues);
  await registerQueueDashboard(app, { connection: deps.redis, prefix: deps.env.QUEUE_PREFIX });

  await app.register(companyRoutes(deps), { prefix: '/api/companies' });
  await app.register(mailboxRoutes(deps, queues), { prefix: '/api/mailboxes' });
  await app.register(serverRoutes(deps, queues, 'outgoing'), { prefix: '/api/outgoing-servers' });
  await app.register(serverRoutes(deps, queues, 'incoming'), { prefix: '/api/incoming-servers' });
  await app.register(settingsRoutes(deps, queues), { prefix: '/api/settings' });
  await app.register(presetRoutes(deps), { prefix: '/api/presets' });
  await app.register(microsoftRoutes(deps, queues), { prefix: '/api' });
  await app.register(messageRoutes(deps, queues), { prefix: '/api' });
  await app.register(inboxRoutes(deps), { prefix: '/api' });
  await app.register(settingsTestRoutes(deps, queues), { prefix: '/api' });
  await app.register(sessionLogRoutes(deps), { prefix: '/api' });
  await app.register(supportRoutes(deps), { prefix: '/api/support' });
  await app.register(accessRequestRoutes(deps), { prefix: '/api/access-requests' });
  await app.register(auditEventRoutes(deps), { prefix: '/api/audit-events' });
  await app.register(apiKeyRoutes(deps), { prefix: '/api/api-keys' });
  await app.register(deliverabilityOverviewRoutes(deps), { prefix: '/api' });

  return app;
}

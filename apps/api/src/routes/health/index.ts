import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';

const CHECK_TIMEOUT_MS = 2_000;
const ReadyReply = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({ postgres: z.boolean(), redis: z.boolean() }),
});

/** Liveness (the process answers) and readiness (PostgreSQL and Redis answer too). */
export function healthRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      { schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } } },
      () => ({ status: 'ok' as const }),
    );

    app.get(
      '/readyz',
      { schema: { tags: ['health'], response: { 200: ReadyReply, 503: ReadyReply } } },
      async (request, reply) => {
        const [postgres, redis] = await Promise.all([
          check(() => deps.prisma.$queryRaw`SELECT 1`),
          check(() => deps.redis.ping()),
        ]);
        const ready = postgres && redis;
        if (!ready) {
          request.log.warn({ postgres, redis }, 'not ready');
        }
        return reply
          .status(ready ? 200 : 503)
          .send({ status: ready ? 'ok' : 'unavailable', checks: { postgres, redis } });
      },
    );
  };
}

async function check(probe: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([probe().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

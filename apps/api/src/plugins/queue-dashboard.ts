import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { QUEUE_NAMES } from '@postwerk/contracts';
import { Queue } from 'bullmq';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { requireSupport } from './auth.ts';
import { describeError } from './error-handler.ts';

/** Under /api so the portal's existing proxy serves it first-party, with the session cookie. */
export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';

type DashboardErrorReply = ReturnType<Parameters<FastifyAdapter['setErrorHandler']>[0]>;

export type QueueDashboardOptions = { connection: Redis; prefix: string };

/**
 * The BullMQ dashboard (bull-board) for vendor support: every queue of the product, read-only.
 * Signed-out requests get 401, anyone but support 403, before bull-board sees the request.
 *
 * Read-only because its actions bypass everything the product guards: retrying, promoting or
 * editing a job acts for a tenant without impersonation, approval or audit entry; cleaning or
 * emptying a queue drops queued mail; removing a poll scheduler silently stops fetching. Its
 * UI also cannot send our CSRF header, so its write calls would fail anyway.
 * Known limit: support sees job ids, payload ids (tenant, mailbox, message) and error codes of
 * every tenant; payloads carry ids only (see contracts' jobs.ts), but the stack trace of an
 * unexpected error (not a mail failure, which throws its code only) is shown as thrown.
 * Known limit: bull-board's page asks fonts.googleapis.com for its font, so a support browser
 * with internet tells Google it opened the dashboard; offline it falls back to system fonts.
 */
export async function registerQueueDashboard(
  app: FastifyInstance,
  options: QueueDashboardOptions,
): Promise<void> {
  const queues = Object.values(QUEUE_NAMES).map(
    (name) => new Queue(name, { connection: options.connection, prefix: options.prefix }),
  );
  app.addHook('onClose', async () => {
    await Promise.all(queues.map((queue) => queue.close()));
  });

  const serverAdapter = new FastifyAdapter();
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Postwerk Queues' } },
  });
  // bull-board's own handler echoes any error's message; ours answers in the API's shape.
  // Its status type lists only the codes bull-board uses (no 401); the adapter sends any.
  serverAdapter.setErrorHandler(
    (error) => describeError(error as FastifyError, app.log) as DashboardErrorReply,
  );

  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request) => {
      requireSupport(request);
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });
}

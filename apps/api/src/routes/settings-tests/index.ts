import { SettingsTestStep } from '@postwerk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { requireTenantAdmin } from '../../plugins/auth.ts';
import type { Queues } from '../../plugins/queues.ts';
import { SettingsTestService } from '../../services/settings-tests/settings-test-service.ts';

const tags = ['settings tests'];
const RunReply = z.object({
  id: z.uuid(),
  mailboxId: z.uuid(),
  kind: z.enum(['INCOMING', 'FULL_LOOP']),
  companyId: z.uuid().nullable(),
  status: z.enum(['QUEUED', 'RUNNING', 'PASSED', 'FAILED']),
  steps: z.array(SettingsTestStep),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});

/** Starts a settings test and reports its progress, step by step. */
export function settingsTestRoutes(deps: AppDeps, queues: Queues): FastifyPluginAsyncZod {
  const service = new SettingsTestService(deps.prisma, queues);

  return async (app) => {
    app.post(
      '/mailboxes/:id/tests',
      {
        schema: {
          tags,
          params: z.object({ id: z.uuid() }),
          body: z.object({
            kind: z.enum(['INCOMING', 'FULL_LOOP']),
            /** Tests the mailbox's servers for this company ("Verschiedene Server je Firma"). */
            companyId: z.uuid().optional(),
          }),
          response: { 202: RunReply },
        },
      },
      async (request, reply) => {
        const { tenantId } = requireTenantAdmin(request);
        const { kind, companyId } = request.body;
        const run = await service.start(tenantId, request.params.id, kind, companyId);
        return reply.status(202).send(parseSteps(run));
      },
    );

    app.get(
      '/settings-tests/:id',
      { schema: { tags, params: z.object({ id: z.uuid() }), response: { 200: RunReply } } },
      async (request) =>
        parseSteps(await service.get(requireTenantAdmin(request).tenantId, request.params.id)),
    );
  };
}

function parseSteps<T extends { steps: unknown }>(run: T) {
  return { ...run, steps: z.array(SettingsTestStep).catch([]).parse(run.steps) };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { requireTenantAdmin } from '../../plugins/auth.ts';
import type { Queues } from '../../plugins/queues.ts';
import { PollScheduler } from '../../services/polling/poll-scheduler.ts';
import { SettingsService } from '../../services/settings/settings-service.ts';

const tags = ['settings'];
const Settings = z.object({
  sendRoute: z.enum(['RELAY', 'EXTERNAL']),
  directConnection: z.boolean(),
  logSmtpSessions: z.boolean(),
  fetchFromIncoming: z.boolean(),
  logPop3Sessions: z.boolean(),
  serversPerCompany: z.boolean(),
  gobdDuplication: z.boolean(),
});
const SettingsReply = Settings.extend({ updatedAt: z.date() });

/** The tenant-wide mail settings. */
export function settingsRoutes(deps: AppDeps, queues: Queues): FastifyPluginAsyncZod {
  const service = new SettingsService(deps.prisma);
  const polling = new PollScheduler(deps.prisma, queues);

  return async (app) => {
    app.get('/', { schema: { tags, response: { 200: SettingsReply } } }, (request) =>
      service.get(requireTenantAdmin(request).tenantId),
    );

    app.put(
      '/',
      { schema: { tags, body: Settings, response: { 200: SettingsReply } } },
      async (request) => {
        const { tenantId } = requireTenantAdmin(request);
        const settings = await service.update(tenantId, request.body);
        await polling.syncTenant(tenantId);
        return settings;
      },
    );
  };
}

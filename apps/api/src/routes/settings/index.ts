import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { requireTenantAdmin } from '../../plugins/auth.ts';
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
export function settingsRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const service = new SettingsService(deps.prisma);

  return async (app) => {
    app.get('/', { schema: { tags, response: { 200: SettingsReply } } }, (request) =>
      service.get(requireTenantAdmin(request).tenantId),
    );

    app.put(
      '/',
      { schema: { tags, body: Settings, response: { 200: SettingsReply } } },
      (request) => service.update(requireTenantAdmin(request).tenantId, request.body),
    );
  };
}

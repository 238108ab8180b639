import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { requireTenantAdmin } from '../../plugins/auth.ts';

const Preset = z.object({
  name: z.string(),
  host: z.string(),
  port: z.number(),
  security: z.enum(['STARTTLS', 'TLS', 'NONE']),
  authMethod: z.enum(['NONE', 'PASSWORD', 'OAUTH2']),
});
const PresetsReply = z.object({
  microsoft365: z.object({ outgoing: Preset, incoming: Preset }),
});

/** Server presets for the forms; hosts come from configuration so the demo can point local. */
export function presetRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const { env } = deps;
  return async (app) => {
    app.get('/', { schema: { tags: ['servers'], response: { 200: PresetsReply } } }, (request) => {
      requireTenantAdmin(request);
      return {
        microsoft365: {
          outgoing: {
            name: 'Microsoft 365 (SMTP)',
            host: env.MS365_SMTP_HOST,
            port: env.MS365_SMTP_PORT,
            security: 'STARTTLS' as const,
            authMethod: 'OAUTH2' as const,
          },
          incoming: {
            name: 'Microsoft 365 (POP3)',
            host: env.MS365_POP3_HOST,
            port: env.MS365_POP3_PORT,
            security: 'TLS' as const,
            authMethod: 'OAUTH2' as const,
          },
        },
      };
    });
  };
}

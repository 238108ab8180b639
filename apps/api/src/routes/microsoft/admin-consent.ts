import { buildAdminConsentUrl, type MicrosoftIdentityConfig } from '@postwerk/mailcore';
import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** What Microsoft appends to the redirect URI after the admin-consent link was used. */
export type AdminConsentAnswer = {
  admin_consent?: string;
  tenant?: string;
  error?: string;
  error_description?: string;
};

/**
 * The admin-consent link for the portal: where a firm admin's sign-in fails because only a
 * Microsoft 365 administrator may consent (AADSTS65001, AADSTS90094), the portal shows it to
 * hand over. It holds only public values (client id, scopes, redirect URI), so no sign-in
 * is needed: the employee's consent result page shows it too.
 */
export function adminConsentRoutes(config: MicrosoftIdentityConfig): FastifyPluginAsyncZod {
  const url = buildAdminConsentUrl(config);
  return async (app) => {
    app.get(
      '/microsoft/admin-consent-url',
      {
        schema: { tags: ['microsoft'], response: { 200: z.object({ url: z.url() }) } },
      },
      async () => ({ url }),
    );
  };
}

/**
 * Where the browser goes after Microsoft answered the admin-consent link: a page saying that
 * the organisation consented, or why not. Nothing is stored; the next [Anmelden] works.
 */
export function adminConsentResultUrl(
  web: string,
  answer: AdminConsentAnswer,
  log: FastifyBaseLogger,
): string {
  if (answer.admin_consent?.toLowerCase() === 'true' && !answer.error) {
    log.info({ msTenantId: answer.tenant }, 'microsoft admin consent granted');
    return `${web}/einwilligung/ergebnis?status=admin-consented`;
  }
  const aadsts = /AADSTS(\d+)/.exec(answer.error_description ?? '')?.[1];
  const reason = aadsts ? `AADSTS${aadsts}` : (answer.error ?? 'ADMIN_CONSENT_FAILED');
  log.info({ reason }, 'microsoft admin consent refused');
  return `${web}/einwilligung/ergebnis?status=admin-consent-error&reason=${encodeURIComponent(reason)}`;
}

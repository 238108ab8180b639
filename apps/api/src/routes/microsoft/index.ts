import { runInTenant } from '@postwerk/db';
import { ADMIN_CONSENT_STATE } from '@postwerk/mailcore';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { microsoftConfigOf } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { requireTenantAdmin } from '../../plugins/auth.ts';
import type { Queues } from '../../plugins/queues.ts';
import { ConsentLinkService } from '../../services/microsoft/consent-links.ts';
import {
  LinkFlowError,
  type LinkOutcome,
  MicrosoftLinkService,
} from '../../services/microsoft/link-service.ts';
import { findStateTenant } from '../../services/microsoft/oauth-states.ts';
import { PollScheduler } from '../../services/polling/poll-scheduler.ts';
import { adminConsentResultUrl, adminConsentRoutes } from './admin-consent.ts';

const IdParams = z.object({ id: z.uuid() });
const ConsentLinkReply = z.object({
  id: z.uuid(),
  state: z.enum(['OPEN', 'USED', 'EXPIRED', 'REVOKED']),
  expiresAt: z.date(),
  usedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
});
const CallbackQuery = z.object({
  state: z.string().max(200).optional(),
  code: z.string().max(8000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(4000).optional(),
  // The answer to the admin-consent link: no code, `admin_consent=True` and the tenant id.
  admin_consent: z.string().max(10).optional(),
  tenant: z.string().max(200).optional(),
});

/**
 * The Microsoft account link of a mailbox: the server-side redirect flow, the callback,
 * removal, and consent links for employees.
 */
export function microsoftRoutes(deps: AppDeps, queues: Queues): FastifyPluginAsyncZod {
  const config = microsoftConfigOf(deps.env);
  const links = new MicrosoftLinkService(deps.prisma, deps.secretBox, config);
  // A dead or missing link stops the mailbox's polls; a new link starts them again.
  const polling = new PollScheduler(deps.prisma, queues);
  const consent = new ConsentLinkService(
    deps.prisma,
    deps.env.CONSENT_LINK_TTL_DAYS,
    deps.env.PUBLIC_WEB_URL,
  );
  const web = deps.env.PUBLIC_WEB_URL.replace(/\/$/, '');
  const tags = ['microsoft'];

  return async (app) => {
    await app.register(adminConsentRoutes(config));

    // A plain link in the portal ([Anmelden]); it only creates a pending, session-bound state.
    app.get(
      '/mailboxes/:id/microsoft/start',
      { config: { changesState: true }, schema: { tags, params: IdParams } },
      async (request, reply) => {
        const auth = requireTenantAdmin(request);
        const url = await links.start(auth.tenantId, request.params.id, {
          portalSessionId: auth.sessionId,
        });
        return reply.redirect(url, 302);
      },
    );

    app.get(
      '/auth/microsoft/callback',
      { schema: { tags, querystring: CallbackQuery } },
      async (request, reply) => {
        const { state, code, error, error_description } = request.query;
        if (state === ADMIN_CONSENT_STATE) {
          return reply.redirect(adminConsentResultUrl(web, request.query, request.log), 302);
        }
        try {
          if (!state) {
            throw new LinkFlowError('STATE_MISSING');
          }
          // The rest runs in the state's tenant; an unknown state runs in none and is refused.
          const stateTenant = await findStateTenant(deps.prisma, state);
          const inStateTenant = <T>(fn: () => Promise<T>) =>
            stateTenant ? runInTenant(stateTenant, fn) : fn();
          if (error || !code) {
            // Microsoft said no (denied consent, MFA, admin consent...). Burn the state.
            const aadsts = /AADSTS(\d+)/.exec(error_description ?? '')?.[1];
            const owner = await inStateTenant(() => links.abandon(state));
            const reason = aadsts ? `AADSTS${aadsts}` : (error ?? 'CODE_MISSING');
            throw new LinkFlowError(reason, owner?.mailboxId, owner?.viaConsentLink);
          }
          const currentSessionId = request.auth?.sessionId ?? null;
          const outcome = await inStateTenant(() =>
            links.complete({ state, code, currentSessionId }),
          );
          await runInTenant(outcome.tenantId, () =>
            polling.syncMailbox(outcome.tenantId, outcome.mailboxId),
          );
          request.log.info(
            { mailboxId: outcome.mailboxId, identityMismatch: outcome.identityMismatch },
            'microsoft account linked',
          );
          return reply.redirect(
            outcome.viaConsentLink
              ? consentLinkedUrl(web, outcome)
              : `${web}/postfaecher/${outcome.mailboxId}?microsoft=linked`,
            302,
          );
        } catch (failure) {
          if (!(failure instanceof LinkFlowError)) {
            throw failure;
          }
          request.log.info(
            { reason: failure.reason, err: failure.cause },
            'microsoft link refused',
          );
          const reason = encodeURIComponent(failure.reason);
          const target =
            failure.mailboxId && !failure.viaConsentLink
              ? `${web}/postfaecher/${failure.mailboxId}?microsoft=error&reason=${reason}`
              : `${web}/einwilligung/ergebnis?status=error&reason=${reason}`;
          return reply.redirect(target, 302);
        }
      },
    );

    app.delete(
      '/mailboxes/:id/microsoft',
      { schema: { tags, params: IdParams, response: { 204: z.null() } } },
      async (request, reply) => {
        const auth = requireTenantAdmin(request);
        await links.remove(auth.tenantId, request.params.id, auth.userId);
        await polling.syncMailbox(auth.tenantId, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/mailboxes/:id/consent-links',
      {
        schema: {
          tags,
          params: IdParams,
          response: { 201: ConsentLinkReply.extend({ url: z.url() }) },
        },
      },
      async (request, reply) => {
        const auth = requireTenantAdmin(request);
        // The link is a key to the mailbox: whoever holds it can link any Microsoft account.
        // Support never holds a tenant's secrets, so only the firm admin can create one.
        if (auth.impersonation) {
          throw new AppError(
            'IMPERSONATION_SECRET_FORBIDDEN',
            'Links für Mitarbeiter erstellt nur ein Administrator der Firma selbst: ' +
              'der Link öffnet den Zugang zum Postfach.',
          );
        }
        const link = await consent.create(auth.tenantId, request.params.id, auth.userId);
        return reply.status(201).send(link);
      },
    );

    app.get(
      '/mailboxes/:id/consent-links',
      { schema: { tags, params: IdParams, response: { 200: z.array(ConsentLinkReply) } } },
      (request) => consent.list(requireTenantAdmin(request).tenantId, request.params.id),
    );

    app.delete(
      '/mailboxes/:id/consent-links/:linkId',
      {
        schema: {
          tags,
          params: IdParams.extend({ linkId: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { tenantId } = requireTenantAdmin(request);
        await consent.revoke(tenantId, request.params.id, request.params.linkId);
        return reply.status(204).send(null);
      },
    );

    // Opened by the employee, who has no portal account: the token is the authorisation.
    app.get(
      '/consent/:token',
      // No length limits in the schema: a link cut short when copied must reach the same
      // "no longer valid" page as any other unknown token, not a JSON error in the browser.
      { schema: { tags, params: z.object({ token: z.string() }) } },
      async (request, reply) => {
        const { token } = request.params;
        const opened = isConsentTokenShaped(token)
          ? await consent.open(token)
          : ({ refused: 'REVOKED' } as const);
        if ('refused' in opened) {
          const status = opened.refused.toLowerCase();
          return reply.redirect(`${web}/einwilligung/ergebnis?status=${status}`, 302);
        }
        const { tenantId, mailboxId, id } = opened.link;
        const url = await runInTenant(tenantId, () =>
          links.start(tenantId, mailboxId, { consentLinkId: id }),
        );
        return reply.redirect(url, 302);
      },
    );
  };
}

// The employee signed in with another account than the mailbox's: the link is used up, and
// the page tells them which account it took and which one the mailbox needs.
function consentLinkedUrl(web: string, outcome: LinkOutcome): string {
  if (!outcome.identityMismatch) {
    return `${web}/einwilligung/ergebnis?status=linked`;
  }
  const query = new URLSearchParams({
    status: 'linked-other-account',
    account: outcome.upn,
    expected: outcome.mailboxAddress,
  });
  return `${web}/einwilligung/ergebnis?${query}`;
}

// Tokens are 32 random bytes in base64url (43 characters); anything far off is no token.
function isConsentTokenShaped(token: string): boolean {
  return token.length >= 20 && token.length <= 100;
}

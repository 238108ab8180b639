import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { requireSupport } from '../../plugins/auth.ts';
import { AccessRequestService } from '../../services/support/access-requests.ts';
import {
  ImpersonationService,
  MAX_IMPERSONATION_MINUTES,
} from '../../services/support/impersonation-service.ts';
import { SupportConsoleService } from '../../services/support/support-console.ts';
import { AccessRequestReply } from '../access-requests/schemas.ts';

const tags = ['support'];
const TenantSummary = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  requireSupportApproval: z.boolean(),
});
const ServerState = z
  .object({
    id: z.uuid(),
    name: z.string(),
    host: z.string(),
    port: z.number(),
    authMethod: z.enum(['NONE', 'PASSWORD', 'OAUTH2']),
    username: z.string().nullable(),
    hasPassword: z.boolean(),
  })
  .nullable();
const MailboxState = z.object({
  id: z.uuid(),
  code: z.string(),
  kind: z.enum(['EMPLOYEE', 'PUBLIC']),
  displayName: z.string(),
  externalAddress: z.string(),
  status: z.string(),
  statusCode: z.string().nullable(),
  lastSentAt: z.date().nullable(),
  lastPolledAt: z.date().nullable(),
  outgoingServer: ServerState,
  incomingServer: ServerState,
  microsoftAccount: z
    .object({ status: z.enum(['ACTIVE', 'DEAD']), upn: z.string(), identityMismatch: z.boolean() })
    .nullable(),
});
const Reason = z.string().trim().min(3).max(500);
// Controlling routes stay usable while an impersonation is read-only.
const control = { impersonationControl: true };

/** The vendor support console: find a tenant, see its mailboxes, impersonate it. */
export function supportRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const console = new SupportConsoleService(deps.prisma);
  const impersonations = new ImpersonationService(deps.prisma);
  const accessRequests = new AccessRequestService(deps.prisma);

  return async (app) => {
    app.get(
      '/tenants',
      {
        schema: {
          tags,
          querystring: z.object({ query: z.string().max(200).default('') }),
          response: { 200: z.object({ tenants: z.array(TenantSummary) }) },
        },
      },
      async (request) => {
        requireSupport(request);
        return { tenants: await console.search(request.query.query) };
      },
    );

    app.get(
      '/tenants/:id',
      {
        schema: {
          tags,
          params: z.object({ id: z.uuid() }),
          response: { 200: TenantSummary.extend({ mailboxes: z.array(MailboxState) }) },
        },
      },
      (request) => {
        requireSupport(request);
        return console.detail(request.params.id);
      },
    );

    app.post(
      '/impersonations',
      {
        config: control,
        schema: {
          tags,
          body: z.object({
            tenantId: z.uuid(),
            reason: Reason,
            durationMinutes: z.number().int().min(1).max(MAX_IMPERSONATION_MINUTES).default(30),
          }),
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (request, reply) => {
        const auth = requireSupport(request);
        const started = await impersonations.start(auth, request.body);
        request.log.info(
          { impersonationId: started.id, tenantId: request.body.tenantId },
          'impersonation started',
        );
        return reply.status(201).send(started);
      },
    );

    app.post(
      '/impersonations/current/step-up',
      {
        config: control,
        schema: {
          tags,
          body: z.object({ reason: Reason.optional() }).default({}),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await impersonations.stepUp(requireSupport(request), request.body.reason);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/impersonations/current/stop',
      { config: control, schema: { tags, response: { 204: z.null() } } },
      async (request, reply) => {
        await impersonations.stop(requireSupport(request));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/access-requests',
      {
        config: control,
        schema: {
          tags,
          body: z.object({ tenantId: z.uuid(), reason: Reason }),
          response: { 201: AccessRequestReply },
        },
      },
      async (request, reply) => {
        const auth = requireSupport(request);
        const created = await accessRequests.create(
          { id: auth.userId, name: auth.name },
          request.body,
        );
        return reply.status(201).send(created);
      },
    );

    app.get(
      '/access-requests',
      { schema: { tags, response: { 200: z.object({ requests: z.array(AccessRequestReply) }) } } },
      async (request) => {
        const auth = requireSupport(request);
        // Support's own requests across tenants: visible only in the system context.
        const requests = await accessRequests.listOwn(auth.userId);
        return { requests };
      },
    );
  };
}

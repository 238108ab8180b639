import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { requireTenantCaller } from '../../plugins/auth.ts';
import type { Queues } from '../../plugins/queues.ts';
import { OutboundService, type Submission } from '../../services/messages/outbound-service.ts';

const tags = ['messages'];
const Address = z.string().trim().min(3).max(320);
const CompanyId = z
  .uuid()
  .optional()
  .describe(
    'The company the message is sent for. With "Verschiedene Server je Firma" on, the ' +
      "mailbox's outgoing server for that company sends it; otherwise the mailbox's own.",
  );
const StructuredBody = z.object({
  companyId: CompanyId,
  to: z.array(Address).min(1).max(100),
  cc: z.array(Address).max(100).optional(),
  bcc: z.array(Address).max(100).optional(),
  subject: z.string().max(998),
  text: z.string(),
  html: z.string().optional(),
  attachments: z
    .array(
      z.object({
        filename: z.string().min(1).max(255),
        contentType: z.string().max(255).optional(),
        contentBase64: z.base64(),
      }),
    )
    .max(50)
    .optional(),
});
const RawBody = z.object({
  /** The complete RFC 5322 message, base64-encoded so its bytes arrive unchanged. */
  raw: z.base64().min(1),
  recipients: z.array(Address).min(1).max(100),
  companyId: CompanyId,
});
const MessageReply = z.object({
  id: z.uuid(),
  mailboxId: z.uuid(),
  status: z.enum(['QUEUED', 'SENDING', 'SENT', 'FAILED']),
  attempts: z.number(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  smtpResponse: z.string().nullable(),
  companyId: z.uuid().nullable(),
  /** The server the last attempt used (null: none yet, or the relay) and why that one. */
  outgoingServerId: z.uuid().nullable(),
  serverSource: z.enum(['COMPANY_SERVER', 'MAILBOX_SERVER', 'RELAY']).nullable(),
  sentAt: z.date().nullable(),
  createdAt: z.date(),
});

/**
 * Outgoing mail: other vendor software (or the portal's tests) hands a message for a
 * mailbox to the API and follows its status. An `Idempotency-Key` header makes retries safe.
 */
export function messageRoutes(deps: AppDeps, queues: Queues): FastifyPluginAsyncZod {
  const service = new OutboundService(deps.prisma, queues);

  return async (app) => {
    app.post(
      '/mailboxes/:id/messages',
      {
        schema: {
          tags,
          params: z.object({ id: z.uuid() }),
          headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
          body: z.union([RawBody, StructuredBody]),
          response: { 202: MessageReply },
        },
      },
      async (request, reply) => {
        const { tenantId } = requireTenantCaller(request);
        const { companyId, ...body } = request.body;
        const submission: Submission =
          'raw' in body
            ? {
                kind: 'raw',
                message: { raw: Buffer.from(body.raw, 'base64'), recipients: body.recipients },
                companyId,
              }
            : { kind: 'structured', message: body, companyId };
        const { message, duplicate } = await service.submit(
          tenantId,
          request.params.id,
          submission,
          request.headers['idempotency-key'],
        );
        request.log.info({ messageId: message.id, duplicate }, 'message accepted');
        return reply.status(202).send(message);
      },
    );

    app.get(
      '/messages/:id',
      { schema: { tags, params: z.object({ id: z.uuid() }), response: { 200: MessageReply } } },
      (request) => service.get(requireTenantCaller(request).tenantId, request.params.id),
    );
  };
}

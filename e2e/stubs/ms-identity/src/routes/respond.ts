import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { resolveBaseUrl, type StubContext } from '../context.ts';
import {
  AadError,
  buildAadErrorBody,
  createErrorTrace,
  describeAadError,
  type ErrorTrace,
} from '../errors/aad-error.ts';
import type { AuthorizeTarget } from '../flows/authorize-request.ts';
import { sendErrorToClient } from '../flows/redirect.ts';
import { renderErrorPage } from '../views/error-page.ts';

export const TenantParamsSchema = z.object({ tenant: z.string().min(1) });

export function traceFor(request: FastifyRequest): ErrorTrace {
  const header = request.headers['client-request-id'];
  return createErrorTrace(typeof header === 'string' ? header : undefined);
}

/** Microsoft's JSON error body, 400 or 401. */
export function sendAadJson(
  ctx: StubContext,
  request: FastifyRequest,
  reply: FastifyReply,
  error: AadError,
): FastifyReply {
  const { status, body } = buildAadErrorBody(
    error,
    traceFor(request),
    resolveBaseUrl(ctx, request),
  );
  request.log.info({ aadsts: error.code, status }, 'request refused');
  return reply.code(status).header('cache-control', 'no-store').send(body);
}

/** Microsoft's own error page, for failures that must not go back to the app. */
export function sendErrorPage(
  request: FastifyRequest,
  reply: FastifyReply,
  error: AadError,
): FastifyReply {
  request.log.info({ aadsts: error.code }, 'sign-in error page shown');
  const html = renderErrorPage(describeAadError(error, traceFor(request)));
  return sendHtml(reply.code(400), html);
}

export function sendHtml(reply: FastifyReply, html: string): FastifyReply {
  return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}

/** Error page before the redirect URI is trusted, error redirect after. */
export function handleAuthorizeError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  target?: AuthorizeTarget,
): FastifyReply {
  if (!(error instanceof AadError)) {
    throw error;
  }
  if (!target) {
    return sendErrorPage(request, reply, error);
  }
  request.log.info({ aadsts: error.code }, 'authorize error sent to the app');
  return sendErrorToClient(reply, target, error, traceFor(request));
}

import type { FastifyReply } from 'fastify';
import { type AadError, buildAadRedirectParams, type ErrorTrace } from '../errors/aad-error.ts';
import { renderFormPostPage } from '../views/error-page.ts';
import type { AuthorizeTarget } from './authorize-request.ts';

/** Sends the browser back to the app with `params`, in the requested response mode. */
export function sendToClient(
  reply: FastifyReply,
  target: AuthorizeTarget,
  params: Record<string, string>,
): FastifyReply {
  const all = target.state === undefined ? params : { ...params, state: target.state };
  reply.header('cache-control', 'no-store');
  if (target.responseMode === 'form_post') {
    return reply.type('text/html; charset=utf-8').send(renderFormPostPage(target.redirectUri, all));
  }

  const url = new URL(target.redirectUri);
  if (target.responseMode === 'fragment') {
    url.hash = new URLSearchParams(all).toString();
  } else {
    for (const [name, value] of Object.entries(all)) {
      url.searchParams.set(name, value);
    }
  }
  return reply.redirect(url.toString(), 302);
}

/** An authorize-time failure, delivered to the app the way Microsoft does. */
export function sendErrorToClient(
  reply: FastifyReply,
  target: AuthorizeTarget,
  error: AadError,
  trace: ErrorTrace,
): FastifyReply {
  return sendToClient(reply, target, buildAadRedirectParams(error, trace));
}

import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.ts';

// Validation messages reach administrators next to the field; they read German first.
z.config(z.locales.de());

type ErrorBody = {
  error: {
    code: string;
    message: string;
    fields?: Array<{ path: string; code: string; message: string }>;
    details?: Record<string, unknown>;
  };
};

/**
 * Maps every thrown error to one JSON shape: validation failures → 400 with the fields,
 * AppError → its table status, anything else → a generic 500 that reveals nothing.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      request.log.info({ issues: error.validation.length }, 'request validation failed');
      const fields = error.validation.map((issue) => ({
        path: String(issue.instancePath).replace(/^\//, '').replaceAll('/', '.'),
        code: `INVALID_${issue.keyword.toUpperCase()}`,
        message: issue.message ?? 'Ungültige Eingabe.',
      }));
      return reply.status(400).send(body('VALIDATION_FAILED', 'Eingaben prüfen.', fields));
    }

    if (error instanceof AppError) {
      const level = error.statusCode >= 500 ? 'error' : 'info';
      request.log[level]({ code: error.code, err: error.cause ?? undefined }, 'request failed');
      const message = error.isExposed ? error.message : 'Interner Fehler.';
      return reply
        .status(error.statusCode)
        .send(body(error.code, message, error.fields, error.details));
    }

    if (error.statusCode === 429) {
      return reply
        .status(429)
        .send(body('AUTH_RATE_LIMITED', 'Zu viele Versuche. Bitte warten Sie eine Minute.'));
    }
    if (error.statusCode === 403 && error.code?.startsWith('FST_CSRF')) {
      return reply
        .status(403)
        .send(body('AUTH_CSRF_INVALID', 'Sitzung abgelaufen. Bitte laden Sie die Seite neu.'));
    }
    if (error.code === 'FST_ERR_RESPONSE_SERIALIZATION') {
      request.log.error({ err: error, url: request.url }, 'response did not match its schema');
      return reply.status(500).send(body('INTERNAL', 'Interner Fehler.'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.info({ err: error }, 'request rejected');
      return reply.status(error.statusCode).send(body('VALIDATION_FAILED', error.message));
    }

    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(body('INTERNAL', 'Interner Fehler.'));
  });

  app.setNotFoundHandler((request, reply) => {
    request.log.info({ url: request.url }, 'route not found');
    return reply.status(404).send(body('NOT_FOUND', 'Nicht gefunden.'));
  });
}

function body(
  code: string,
  message: string,
  fields?: ErrorBody['error']['fields'],
  details?: Record<string, unknown>,
): ErrorBody {
  const error: ErrorBody['error'] = { code, message };
  if (fields?.length) {
    error.fields = fields;
  }
  if (details && Object.keys(details).length) {
    error.details = details;
  }
  return { error };
}

import type { ErrorCode, FieldIssue } from '@postwerk/contracts';
import { isDatabaseUnavailable } from '@postwerk/db';
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';
import { toFieldIssue } from './validation-issues.ts';

type ErrorBody = {
  error: {
    code: string;
    message: string;
    fields?: FieldIssue[];
    details?: Record<string, unknown>;
  };
};

// Fastify refuses these before any route runs; each gets a code of ours and a German reason.
const BODY_REFUSALS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'REQUEST_BODY_INVALID',
    message: 'Der Inhalt der Anfrage ist kein gültiges JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'REQUEST_BODY_INVALID',
    message: 'Die Anfrage ist als JSON angekündigt, hat aber keinen Inhalt.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'REQUEST_BODY_TOO_LARGE',
    message: 'Der Inhalt der Anfrage ist zu groß.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'REQUEST_MEDIA_TYPE_UNSUPPORTED',
    message: 'Diese Art von Inhalt nimmt die API nicht an; bitte als JSON senden.',
  },
};

const UNAVAILABLE_MESSAGE =
  'Der Dienst ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Sekunden erneut.';

/**
 * Maps every thrown error to one JSON shape: validation failures → 400 with the fields,
 * AppError → its table status, an unreachable database → 503 SERVICE_UNAVAILABLE, anything
 * else → a generic 500 that reveals nothing.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const described = describeError(error, request.log, request);
    return reply.status(described.status).send(described.body);
  });

  app.setNotFoundHandler((request, reply) => {
    request.log.info({ url: request.url }, 'route not found');
    return reply.status(404).send(body('NOT_FOUND', 'Nicht gefunden.'));
  });
}

/**
 * The status and body for a thrown error, logged at its level. Exported for plugins that bring
 * their own error handler (the queue dashboard), so their refusals look like everyone else's.
 */
export function describeError(
  error: FastifyError,
  log: FastifyBaseLogger,
  request?: FastifyRequest,
): { status: number; body: ErrorBody } {
  if (hasZodFastifySchemaValidationErrors(error)) {
    log.info({ issues: error.validation.length }, 'request validation failed');
    const fields = error.validation.map((issue) =>
      toFieldIssue(issue, inputOf(request, error.validationContext)),
    );
    return { status: 400, body: body('VALIDATION_FAILED', 'Eingaben prüfen.', fields) };
  }

  if (error instanceof AppError) {
    const level = error.statusCode >= 500 ? 'error' : 'info';
    log[level]({ code: error.code, err: error.cause ?? undefined }, 'request failed');
    const message = error.isExposed ? error.message : 'Interner Fehler.';
    return {
      status: error.statusCode,
      body: body(error.code, message, error.fields, error.details),
    };
  }

  if (error.statusCode === 429) {
    const message = 'Zu viele Versuche. Bitte warten Sie eine Minute.';
    return { status: 429, body: body('AUTH_RATE_LIMITED', message) };
  }
  if (error.statusCode === 403 && error.code?.startsWith('FST_CSRF')) {
    const message = 'Sitzung abgelaufen. Bitte laden Sie die Seite neu.';
    return { status: 403, body: body('AUTH_CSRF_INVALID', message) };
  }
  if (error.code === 'FST_ERR_RESPONSE_SERIALIZATION') {
    log.error({ err: error }, 'response did not match its schema');
    return { status: 500, body: body('INTERNAL', 'Interner Fehler.') };
  }
  const bodyRefusal = error.code ? BODY_REFUSALS[error.code] : undefined;
  if (bodyRefusal) {
    log.info({ code: error.code }, 'request body refused');
    return { status: bodyRefusal.status, body: body(bodyRefusal.code, bodyRefusal.message) };
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    // Fastify's own wording is English and meant for developers: it goes to the log only.
    log.info({ err: error }, 'request rejected');
    return {
      status: error.statusCode,
      body: body('VALIDATION_FAILED', 'Die Anfrage ist ungültig.'),
    };
  }

  if (isDatabaseUnavailable(error)) {
    // PostgreSQL restarting or failing over: a typed 503 the client may retry (a submission
    // with the same Idempotency-Key), not a 500 that reads like a bug.
    // The code only: during an outage every request fails alike, and the stacks say nothing.
    log.error({ code: error.code, name: error.name }, 'database unavailable');
    return { status: 503, body: body('SERVICE_UNAVAILABLE', UNAVAILABLE_MESSAGE) };
  }

  log.error({ err: error }, 'unhandled error');
  return { status: 500, body: body('INTERNAL', 'Interner Fehler.') };
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

/** The part of the request a validation error is about (body, query, params, headers). */
function inputOf(request: FastifyRequest | undefined, context: string | undefined): unknown {
  switch (context) {
    case 'body':
      return request?.body;
    case 'querystring':
      return request?.query;
    case 'params':
      return request?.params;
    case 'headers':
      return request?.headers;
    default:
      return undefined;
  }
}

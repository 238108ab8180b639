import type { FieldIssue } from '@postwerk/contracts';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

const NUL = '\u0000';
const MESSAGE = 'Das Feld enthält ein unzulässiges Steuerzeichen (NUL). Bitte entfernen Sie es.';

/**
 * Refuses request bodies and query strings that carry U+0000 in any string, naming the field.
 * PostgreSQL's text and jsonb types cannot store it (SQLSTATE 22021 / 22P05), so without this
 * check such input would pass validation and fail at the database as a 500.
 */
export function registerRejectNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const fields = [
      ...findNulFields(request.body, []),
      ...findNulFields(request.query, []),
      ...findNulFields(request.params, []),
    ];
    if (fields.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'Eingaben prüfen.', { fields });
    }
  });
}

function findNulFields(value: unknown, path: string[]): FieldIssue[] {
  if (typeof value === 'string') {
    return value.includes(NUL) ? [issueAt(path)] : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => findNulFields(item, [...path, String(index)]));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      const keyIssues = key.includes(NUL) ? [issueAt([...path, key])] : [];
      return [...keyIssues, ...findNulFields(item, [...path, key])];
    });
  }
  return [];
}

function issueAt(path: string[]): FieldIssue {
  return { path: path.join('.'), code: 'CONTROL_CHARACTER', message: MESSAGE };
}

import type { FieldIssue } from '@postwerk/contracts';

/** One schema issue as fastify-type-provider-zod hands it over (zod's issue, reshaped). */
export type SchemaIssue = {
  keyword: string;
  instancePath: string;
  params?: Record<string, unknown>;
};

type Params = NonNullable<FieldIssue['params']>;

/**
 * Turns a zod issue into a field issue with a stable code, its parameters and a plain German
 * sentence. `input` is the checked part of the request (body, query …), to tell a missing
 * value from a wrong one. Clients translate by code (the portal does, through next-intl); the sentence is
 * what a client without its own texts shows. zod's own wording ("Zu klein: erwartet, dass
 * string >=1 Zeichen hat") is written for developers and never leaves the API.
 */
export function toFieldIssue(issue: SchemaIssue, input: unknown): FieldIssue {
  const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const value = valueAt(input, path);
  const [code, params] = classify(issue.keyword, issue.params ?? {}, value);
  const message = FIELD_MESSAGES[code](params);
  return params ? { path, code, message, params } : { path, code, message };
}

export const FIELD_ISSUE_CODES = [
  'REQUIRED',
  'TOO_SHORT',
  'TOO_LONG',
  'TOO_SMALL',
  'TOO_BIG',
  'TOO_FEW',
  'TOO_MANY',
  'NOT_A_NUMBER',
  'NOT_AN_INTEGER',
  'INVALID_TYPE',
  'INVALID_FORMAT',
  'INVALID_CHOICE',
  'UNKNOWN_FIELD',
  'INVALID',
] as const;

type FieldIssueCode = (typeof FIELD_ISSUE_CODES)[number];

const FIELD_MESSAGES: Record<FieldIssueCode, (params?: Params) => string> = {
  REQUIRED: () => 'Bitte füllen Sie dieses Feld aus.',
  TOO_SHORT: (p) => `Bitte geben Sie mindestens ${p?.minimum} Zeichen ein.`,
  TOO_LONG: (p) => `Bitte geben Sie höchstens ${p?.maximum} Zeichen ein.`,
  TOO_SMALL: (p) => `Der Wert muss mindestens ${p?.minimum} sein.`,
  TOO_BIG: (p) => `Der Wert darf höchstens ${p?.maximum} sein.`,
  TOO_FEW: (p) => `Bitte geben Sie mindestens ${p?.minimum} Einträge an.`,
  TOO_MANY: (p) => `Es sind höchstens ${p?.maximum} Einträge erlaubt.`,
  NOT_A_NUMBER: () => 'Bitte geben Sie eine Zahl ein.',
  NOT_AN_INTEGER: () => 'Bitte geben Sie eine ganze Zahl ein.',
  INVALID_TYPE: () => 'Dieser Wert hat nicht die erwartete Art.',
  INVALID_FORMAT: () => 'Dieser Wert hat nicht das erwartete Format.',
  INVALID_CHOICE: (p) => `Bitte wählen Sie einen der erlaubten Werte: ${p?.options}.`,
  UNKNOWN_FIELD: (p) => `Unbekanntes Feld: ${p?.keys}.`,
  INVALID: () => 'Dieser Wert ist ungültig.',
};

function classify(
  keyword: string,
  params: Record<string, unknown>,
  input: unknown,
): [FieldIssueCode, Params?] {
  const origin = params.origin;
  const isList = origin === 'array' || origin === 'set';
  switch (keyword) {
    case 'invalid_type':
      if (input === undefined || input === null) {
        return ['REQUIRED'];
      }
      if (params.expected === 'int') {
        return ['NOT_AN_INTEGER'];
      }
      return params.expected === 'number'
        ? ['NOT_A_NUMBER']
        : ['INVALID_TYPE', { expected: String(params.expected) }];
    case 'too_small': {
      const minimum = Number(params.minimum);
      // `.trim().min(1)`: a blank or spaces-only text is a missing one, not a short one.
      if ((origin === 'string' || isList) && minimum <= 1) {
        return ['REQUIRED'];
      }
      if (origin === 'string') {
        return ['TOO_SHORT', { minimum }];
      }
      return isList ? ['TOO_FEW', { minimum }] : ['TOO_SMALL', { minimum }];
    }
    case 'too_big': {
      const maximum = Number(params.maximum);
      if (origin === 'string') {
        return ['TOO_LONG', { maximum }];
      }
      return isList ? ['TOO_MANY', { maximum }] : ['TOO_BIG', { maximum }];
    }
    case 'invalid_format':
      return ['INVALID_FORMAT', { format: String(params.format) }];
    case 'invalid_value':
      return ['INVALID_CHOICE', { options: listOf(params.values) }];
    case 'unrecognized_keys':
      return ['UNKNOWN_FIELD', { keys: listOf(params.keys) }];
    default:
      return ['INVALID'];
  }
}

function listOf(values: unknown): string {
  return Array.isArray(values) ? values.map(String).join(', ') : '';
}

function valueAt(root: unknown, path: string): unknown {
  if (!path) {
    return root;
  }
  let value = root;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') {
      return undefined;
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

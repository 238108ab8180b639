import type { FastifyInstance } from 'fastify';

/** The kinds of record a route can name by id; tenant-records.ts makes one of each. */
export type IdKind =
  | 'tenant'
  | 'company'
  | 'mailbox'
  | 'outgoingServer'
  | 'incomingServer'
  | 'outboundMessage'
  | 'receivedMessage'
  | 'testRun'
  | 'sessionLog'
  | 'consentLink'
  | 'accessRequest'
  | 'apiKey';

/** One id a request carries: in its path, its query string or its JSON body. */
export type IdField = {
  where: 'path' | 'query' | 'body';
  /** Property names from the root; `[]` stands for "the one item of this array". */
  path: string[];
  kind: IdKind;
  label: string;
};

export type RouteShape = {
  method: string;
  url: string;
  label: string;
  idFields: IdField[];
  /** A request whose every id field holds `idOf(field)`, everything else a valid sample. */
  build(idOf: (field: IdField) => string): RouteRequest;
};

export type RouteRequest = { url: string; query?: Record<string, string>; payload?: unknown };

type Schema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
};

type Parameter = { in: string; name: string; required?: boolean; schema?: Schema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

// A path parameter is named after the segment before it: `/mailboxes/:id/inbox/:messageId`.
const PATH_KINDS: Record<string, IdKind> = {
  companies: 'company',
  mailboxes: 'mailbox',
  'outgoing-servers': 'outgoingServer',
  'incoming-servers': 'incomingServer',
  messages: 'outboundMessage',
  inbox: 'receivedMessage',
  'settings-tests': 'testRun',
  'session-logs': 'sessionLog',
  'consent-links': 'consentLink',
  'access-requests': 'accessRequest',
  tenants: 'tenant',
  'api-keys': 'apiKey',
};

// Ids in a query string or body, by property name.
const NAME_KINDS: Record<string, IdKind> = {
  tenantId: 'tenant',
  companyId: 'company',
  mailboxId: 'mailbox',
  outgoingServerId: 'outgoingServer',
  incomingServerId: 'incomingServer',
  messageId: 'receivedMessage',
  testRunId: 'testRun',
  sessionLogId: 'sessionLog',
  linkId: 'consentLink',
  accessRequestId: 'accessRequest',
};

// Path parameters that name no record of a tenant, with the reason.
const NOT_RECORD_IDS: Record<string, string> = {
  // The consent link's token is its own authorisation (an employee without an account opens
  // it); it is a bearer secret of 43 random bytes, not an id one tenant could know of another.
  'GET /api/consent/:token token': 'bearer secret',
};

// Values for the fields that are not ids, by name; each call gets fresh unique values.
const SAMPLES: Record<string, (tag: string) => unknown> = {
  name: (tag) => `Probe ${tag}`,
  code: (tag) => `P${tag}`,
  displayName: (tag) => `Probe ${tag}`,
  externalAddress: (tag) => `probe-${tag}@angreifer.example`,
  host: () => 'mail.example.com',
  // A port with no fixed meaning, so neither role's port rules object to it.
  port: () => 2525,
  authMethod: () => 'PASSWORD',
  username: () => 'probe',
  raw: () => Buffer.from('Subject: Probe\r\n\r\nProbe\r\n').toString('base64'),
  recipients: () => ['empfaenger@example.com'],
  to: () => ['empfaenger@example.com'],
  reason: () => 'Isolationstest',
  durationMinutes: () => 30,
};

const ID_NAME = /(^id|Id|Ids)$/;

/**
 * Every route of the app under `prefix` with the ids it carries, read from the route table
 * and the OpenAPI document. Throws (so the test fails) when a route carries an id this file
 * cannot name, or has no schema to read (unless under `hiddenUnder`): a new route must never
 * escape the isolation test.
 */
export function describeRoutes(
  app: FastifyInstance,
  prefix: string,
  options: { hiddenUnder?: string[] } = {},
): RouteShape[] {
  const document = app.swagger() as { paths?: Record<string, Record<string, Operation>> };
  const operations = new Map<string, Operation>();
  for (const [path, methods] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(methods)) {
      operations.set(`${method.toUpperCase()} ${normalizePath(path)}`, operation);
    }
  }

  const seen = new Set<string>();
  const shapes: RouteShape[] = [];
  for (const { method, url } of app.routeTable) {
    const label = `${method} ${url.replace(/\/$/, '')}`;
    if (!url.startsWith(prefix) || method === 'HEAD' || seen.has(label)) {
      continue;
    }
    seen.add(label);
    const operation = operations.get(`${method} ${normalizePath(url)}`);
    if (!operation && options.hiddenUnder?.some((hidden) => url.startsWith(hidden))) {
      shapes.push(describeHiddenRoute(method, url, label));
      continue;
    }
    if (!operation) {
      throw new Error(
        `${label} is not in the OpenAPI document, so the isolation test cannot see its fields`,
      );
    }
    shapes.push(describeRoute(method, url.replace(/\/$/, ''), label, operation));
  }
  return shapes;
}

function describeRoute(method: string, url: string, label: string, op: Operation): RouteShape {
  const pathFields = pathFieldsOf(url, label);
  const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
  const queryFields = queryParams
    .filter((p) => isIdLike(p.name, p.schema))
    .map((p) => field('query', [p.name], label));
  const body = op.requestBody?.content?.['application/json']?.schema;
  const bodyFields = body ? bodyFieldsOf(body, [], label) : [];

  return {
    method,
    url,
    label,
    idFields: [...pathFields, ...queryFields, ...bodyFields],
    build(idOf) {
      const tag = Math.random().toString(36).slice(2, 10).toUpperCase();
      let path = url;
      for (const item of pathFields) {
        path = path.replace(`:${item.path[0]}`, idOf(item));
      }
      const query: Record<string, string> = {};
      for (const param of queryParams) {
        const idField = queryFields.find((item) => item.path[0] === param.name);
        if (idField) {
          query[param.name] = idOf(idField);
        } else if (param.required && param.schema?.default === undefined) {
          query[param.name] = String(sample(param.name, param.schema ?? {}, tag));
        }
      }
      const payload = body ? sampleBody(body, [], tag, bodyFields, idOf) : undefined;
      return { url: path, query, payload };
    },
  };
}

/** A route kept out of the OpenAPI document on purpose: no fields known, placeholders only. */
function describeHiddenRoute(method: string, url: string, label: string): RouteShape {
  return {
    method,
    url,
    label,
    idFields: [],
    build: () => ({ url: url.replace(/:\w+|\*/g, 'x') }),
  };
}

function pathFieldsOf(url: string, label: string): IdField[] {
  const segments = url.split('/');
  const fields: IdField[] = [];
  segments.forEach((segment, index) => {
    if (!segment.startsWith(':')) {
      return;
    }
    const name = segment.slice(1);
    if (NOT_RECORD_IDS[`${label} ${name}`]) {
      return;
    }
    const kind = PATH_KINDS[segments[index - 1] ?? ''];
    if (!kind) {
      throw new Error(
        `${label}: path parameter :${name} names no known record; add its segment to ` +
          'PATH_KINDS (and a record of that kind to tenant-records.ts), or to NOT_RECORD_IDS',
      );
    }
    fields.push({ where: 'path', path: [name], kind, label: `${label} path.${name}` });
  });
  return fields;
}

function bodyFieldsOf(schema: Schema, path: string[], label: string): IdField[] {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    // A field several variants carry at the same path (a message's companyId, raw or built)
    // is one field: twice listed, the case for the second copy would fill the first.
    const fields = variants.flatMap((variant) => bodyFieldsOf(variant, path, label));
    return fields.filter(
      (item, index) => fields.findIndex((f) => keyOf(f) === keyOf(item)) === index,
    );
  }
  if (schema.type === 'array' && schema.items) {
    return bodyFieldsOf(schema.items, [...path, '[]'], label);
  }
  if (schema.properties) {
    return Object.entries(schema.properties).flatMap(([name, child]) =>
      isIdLike(name, child)
        ? [field('body', [...path, name], label)]
        : bodyFieldsOf(child, [...path, name], label),
    );
  }
  return [];
}

function field(where: 'query' | 'body', path: string[], routeLabel: string): IdField {
  const name = path.at(-1) ?? '';
  const label = `${routeLabel} ${where}.${path.join('.').replaceAll('.[]', '[]')}`;
  const kind = NAME_KINDS[name];
  if (!kind) {
    throw new Error(
      `${label} looks like an id the isolation test cannot fill: add it to NAME_KINDS ` +
        'in test/helpers/route-fields.ts (and a record of that kind to tenant-records.ts)',
    );
  }
  return { where, path, kind, label };
}

/** A valid body: required and sampled properties and every id field, with samples for the rest. */
function sampleBody(
  schema: Schema,
  path: string[],
  tag: string,
  ids: IdField[],
  idOf: (field: IdField) => string,
): unknown {
  const idHere = ids.find((item) => isUnder(item.path, path) && item.path.length === path.length);
  if (idHere) {
    return idOf(idHere);
  }
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    // The variant that carries every id field below this point (the first, when none does).
    const wanted = ids.filter((item) => isUnder(item.path, path)).map(keyOf);
    const fitting = variants.find((variant) => {
      const own = bodyFieldsOf(variant, path, '').map(keyOf);
      return wanted.every((key) => own.includes(key));
    });
    if (!fitting) {
      throw new Error(`ids in different variants of one body (${wanted.join(', ')})`);
    }
    return sampleBody(fitting, path, tag, ids, idOf);
  }
  if (schema.type === 'array' && schema.items) {
    const needed = (schema.minItems ?? 0) > 0 || hasIdBelow(ids, [...path, '[]']);
    return needed ? [sampleBody(schema.items, [...path, '[]'], tag, ids, idOf)] : [];
  }
  if (schema.type === 'object' || schema.properties) {
    const body: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      const childPath = [...path, name];
      if (schema.required?.includes(name) || hasIdBelow(ids, childPath) || SAMPLES[name]) {
        body[name] = sampleBody(child, childPath, tag, ids, idOf);
      }
    }
    return body;
  }
  return sample(path.at(-1) ?? '', schema, tag);
}

function sample(name: string, schema: Schema, tag: string): unknown {
  const named = SAMPLES[name];
  if (named) {
    return named(tag);
  }
  if (schema.enum) {
    return schema.enum[0];
  }
  if (schema.type === 'boolean') {
    return false;
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    const low = Math.max(schema.minimum ?? 1, 1);
    return schema.maximum === undefined ? low : Math.min(low, schema.maximum);
  }
  if (schema.format === 'base64') {
    return Buffer.from('Probe').toString('base64');
  }
  return 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
}

function hasIdBelow(ids: IdField[], path: string[]): boolean {
  return ids.some((item) => isUnder(item.path, path));
}

function isUnder(itemPath: string[], path: string[]): boolean {
  return path.every((name, index) => itemPath[index] === name);
}

function keyOf(item: IdField): string {
  return item.path.join('.');
}

function isIdLike(name: string, schema: Schema | undefined): boolean {
  return ID_NAME.test(name) || schema?.format === 'uuid';
}

function normalizePath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1').replace(/\/$/, '');
}

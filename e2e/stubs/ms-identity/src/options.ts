import type { LoggerOptions } from 'pino';
import { z } from 'zod';
import { DEFAULT_CLIENT, DEFAULT_TEST_USERS } from './defaults.ts';

// Directory and object ids compare case-insensitively; claims carry them in lower case.
const GuidSchema = z.guid().transform((id) => id.toLowerCase());

const ClientSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Shown on the sign-in and consent pages and in error texts. */
  displayName: z.string().min(1).default('Postwerk'),
  /** Compared exactly, like Microsoft does: scheme, host, port, path and trailing slash. */
  redirectUris: z.array(z.url()).min(1),
  /** Set for a single-tenant app: `/common` and `/organizations` then answer AADSTS50194. */
  singleTenantTid: GuidSchema.optional(),
});

const UserSchema = z.object({
  email: z.email(),
  password: z.string().min(1),
  displayName: z.string().min(1),
  tid: GuidSchema,
  oid: GuidSchema,
  isTenantAdmin: z.boolean().default(false),
});

// Pino options may carry a destination `stream`, so they pass through untouched.
const LoggerSchema = z.union([
  z.literal(false),
  z.custom<LoggerOptions & { stream?: NodeJS.WritableStream }>(
    (value) => typeof value === 'object' && value !== null,
    'logger must be pino options or false',
  ),
]);

export const IdentityStubOptionsSchema = z.object({
  /** Public base URL, e.g. `http://127.0.0.1:4011`. Derived from the listen address if unset. */
  issuerBaseUrl: z
    .url()
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  // `prefault` runs the defaults through the schema too, so they get normalised the same way.
  clients: z
    .array(ClientSchema)
    .min(1)
    .prefault(() => [structuredClone(DEFAULT_CLIENT)]),
  users: z
    .array(UserSchema)
    .min(1)
    .prefault(() => structuredClone(DEFAULT_TEST_USERS)),
  accessTokenTtlSeconds: z.number().int().positive().default(3600),
  /** Pads each access token with a filler claim to this many characters (real ones are 2–4 KB). */
  padAccessTokenTo: z.number().int().min(256).max(65_536).optional(),
  refreshTokenLength: z.number().int().min(64).max(16_384).default(1200),
  logger: LoggerSchema.default({ level: 'info' }),
});

/** What `buildIdentityStub` accepts; every field is optional. */
export type IdentityStubOptions = z.input<typeof IdentityStubOptionsSchema>;

/** Options after defaults were applied. */
export type IdentityStubConfig = z.output<typeof IdentityStubOptionsSchema>;

export type StubClient = IdentityStubConfig['clients'][number];

export type StubUser = IdentityStubConfig['users'][number];

export function parseOptions(options: IdentityStubOptions): IdentityStubConfig {
  const config = IdentityStubOptionsSchema.parse(options);
  const emails = config.users.map((user) => user.email.toLowerCase());
  const clientIds = config.clients.map((client) => client.clientId);
  const duplicate = findDuplicate(emails) ?? findDuplicate(clientIds);
  if (duplicate) {
    throw new Error(`ms-identity-stub: ${duplicate} is listed twice`);
  }
  return config;
}

function findDuplicate(values: string[]): string | undefined {
  return values.find((value, index) => values.indexOf(value) !== index);
}

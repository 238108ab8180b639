import { DnsServersSchema } from '@postwerk/deliverability';
import { z } from 'zod';

// The only module that reads process.env. Every variable is listed in .env.example.
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  SECRETS_KEYRING: z.string().min(1),
  COOKIE_SECRET: z.string().min(32),
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(10),
  API_KEY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  RELAY_DOMAIN: z.string().min(3).default('relay.postwerk.example'),
  PUBLIC_WEB_URL: z.url().default('http://localhost:3000'),
  // Microsoft identity platform. Defaults point at the local stand-in (see e2e/stubs); for
  // production set MS_AUTHORITY_URL=https://login.microsoftonline.com and the app's values.
  MS_AUTHORITY_URL: z.url().default('http://127.0.0.1:4011'),
  MS_TENANT: z.string().min(1).default('organizations'),
  MS_CLIENT_ID: z.string().min(1).default('postwerk-local'),
  MS_CLIENT_SECRET: z.string().min(1).default('postwerk-local-secret'),
  MS_REDIRECT_URI: z.url().default('http://localhost:3000/api/auth/microsoft/callback'),
  QUEUE_PREFIX: z.string().min(1).default('postwerk'),
  CONSENT_LINK_TTL_DAYS: z.coerce.number().positive().default(7),
  MS365_SMTP_HOST: z.string().default('outlook.office365.com'),
  MS365_SMTP_PORT: z.coerce.number().int().default(587),
  MS365_POP3_HOST: z.string().default('outlook.office365.com'),
  MS365_POP3_PORT: z.coerce.number().int().default(995),
  // Deliverability checks: name servers to ask (empty = the system's), per-query timeout, tries.
  DNS_SERVERS: DnsServersSchema,
  DNS_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(2500),
  DNS_TRIES: z.coerce.number().int().min(1).max(5).default(2),
});

/** Every variable this app reads; .env.example must list each (a test checks). */
export const ENV_VARIABLE_NAMES = Object.keys(EnvSchema.shape);

export type Env = z.infer<typeof EnvSchema>;

/** The Microsoft identity settings in the shape mailcore's OAuth functions take. */
export function microsoftConfigOf(env: Env) {
  return {
    authorityUrl: env.MS_AUTHORITY_URL,
    tenant: env.MS_TENANT,
    clientId: env.MS_CLIENT_ID,
    clientSecret: env.MS_CLIENT_SECRET,
    redirectUri: env.MS_REDIRECT_URI,
  };
}

/**
 * Parses the environment once. On a missing or invalid variable it names the variable and
 * the problem, and throws; server.ts turns that into a clean exit.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

export class EnvError extends Error {
  override name = 'EnvError';
}

/** The process environment, parsed. */
export function loadEnv(): Env {
  return parseEnv(process.env);
}

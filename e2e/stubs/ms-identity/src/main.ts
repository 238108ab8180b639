import { pino } from 'pino';
import { z } from 'zod';
import { DEFAULT_CLIENT } from './defaults.ts';
import { startIdentityStub } from './start.ts';

const EnvSchema = z.object({
  MS_STUB_PORT: z.coerce.number().int().min(0).max(65_535).default(4011),
  MS_STUB_HOST: z.string().min(1).default('127.0.0.1'),
  MS_STUB_PUBLIC_URL: z.url().optional(),
  MS_STUB_CLIENT_ID: z.string().min(1).optional(),
  MS_STUB_CLIENT_SECRET: z.string().min(1).optional(),
  MS_STUB_REDIRECT_URIS: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((uri) => uri.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url()))
    .optional(),
  MS_STUB_PAD_ACCESS_TOKEN_TO: z.coerce.number().int().min(256).optional(),
  MS_STUB_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});

const log = pino({ name: 'ms-identity-stub' });

const parsed = EnvSchema.safeParse(process.env);
if (!parsed.success) {
  for (const issue of parsed.error.issues) {
    log.fatal({ variable: issue.path.join('.'), problem: issue.message }, 'invalid environment');
  }
  process.exit(1);
}
const env = parsed.data;

// Extra redirect URIs add to the defaults, so the demo and a second port both work.
const redirectUris = [
  ...new Set([...DEFAULT_CLIENT.redirectUris, ...(env.MS_STUB_REDIRECT_URIS ?? [])]),
];

const stub = await startIdentityStub({
  host: env.MS_STUB_HOST,
  port: env.MS_STUB_PORT,
  issuerBaseUrl: env.MS_STUB_PUBLIC_URL,
  padAccessTokenTo: env.MS_STUB_PAD_ACCESS_TOKEN_TO,
  logger: { level: env.MS_STUB_LOG_LEVEL, name: 'ms-identity-stub' },
  clients: [
    {
      ...DEFAULT_CLIENT,
      clientId: env.MS_STUB_CLIENT_ID ?? DEFAULT_CLIENT.clientId,
      clientSecret: env.MS_STUB_CLIENT_SECRET ?? DEFAULT_CLIENT.clientSecret,
      redirectUris,
    },
  ],
});
log.info({ url: stub.url, publicUrl: env.MS_STUB_PUBLIC_URL ?? stub.url }, 'stub listening');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'stub stopping');
    stub.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'stub failed to stop');
        process.exit(1);
      },
    );
  });
}

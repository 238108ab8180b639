import type { LoggerOptions } from 'pino';

/**
 * Paths pino blanks in every log line of api and worker. Wildcards cover nested objects
 * one level down; code that logs deeper structures must pick fields instead.
 */
export const LOG_REDACT_PATHS = [
  'password',
  'pass',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'clientSecret',
  'codeVerifier',
  'xoauth2',
  'raw',
  'body',
  '*.password',
  '*.pass',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.idToken',
  '*.clientSecret',
  '*.code_verifier',
  '*.codeVerifier',
  '*.xoauth2',
  '*.raw',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

// Query parameters whose values are credentials: the OAuth callback carries `code` and
// `state`, consent links carry their token in the path (see redactUrl).
const SECRET_QUERY_PARAMS = ['code', 'state', 'token', 'id_token', 'access_token', 'session_state'];

/** A URL fit for logs: secret query values and consent-link tokens replaced. */
export function redactUrl(url: string): string {
  const [path = '', query] = url.split('?', 2);
  const safePath = path.replace(/^(\/api\/consent\/)[^/]+/, '$1[redacted]');
  if (!query) {
    return safePath;
  }
  const params = new URLSearchParams(query);
  for (const name of SECRET_QUERY_PARAMS) {
    if (params.has(name)) {
      params.set(name, '[redacted]');
    }
  }
  return `${safePath}?${params.toString()}`;
}

type LoggedRequest = { method?: string; url?: string; ip?: string; hostname?: string };

/** pino options shared by api and worker, so their logs look and redact alike. */
export function buildLoggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: redactUrl(req.url ?? ''),
        remoteAddress: req.ip,
      }),
    },
    base: undefined,
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
  };
}

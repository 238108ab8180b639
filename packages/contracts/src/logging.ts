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

/** pino options shared by api and worker, so their logs look and redact alike. */
export function buildLoggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
    base: undefined,
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
  };
}

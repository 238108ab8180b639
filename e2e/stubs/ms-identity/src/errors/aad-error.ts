import { randomUUID } from 'node:crypto';
import { type AadParams, type AadstsCode, lookupAadsts } from './aadsts-catalog.ts';

/** A failure the stub reports the way Microsoft would, by its AADSTS code. */
export class AadError extends Error {
  override name = 'AadError';

  constructor(
    readonly code: AadstsCode,
    readonly params: AadParams = {},
  ) {
    super(`AADSTS${code}`);
  }
}

/** Microsoft's JSON error body from the token endpoint. */
export interface AadErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
  suberror?: string;
}

export interface ErrorTrace {
  traceId: string;
  correlationId: string;
  timestamp: string;
}

/** Microsoft's timestamp format in error bodies: `2026-01-31 05:56:19Z`. */
export function formatAadTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/**
 * Makes the ids Microsoft prints under each error. Like Microsoft, the correlation id
 * echoes the caller's `client-request-id` header when it is a GUID.
 */
export function createErrorTrace(clientRequestId?: string): ErrorTrace {
  const isGuid = clientRequestId !== undefined && /^[0-9a-f-]{36}$/i.test(clientRequestId);
  return {
    traceId: randomUUID(),
    correlationId: isGuid ? clientRequestId.toLowerCase() : randomUUID(),
    timestamp: formatAadTimestamp(new Date()),
  };
}

/** The full `error_description`: the AADSTS line, then trace, correlation and timestamp. */
export function describeAadError(error: AadError, trace: ErrorTrace): string {
  const entry = lookupAadsts(error.code);
  return [
    `AADSTS${error.code}: ${entry.message(error.params)}`,
    `Trace ID: ${trace.traceId}`,
    `Correlation ID: ${trace.correlationId}`,
    `Timestamp: ${trace.timestamp}`,
  ].join('\r\n');
}

export function buildAadErrorBody(
  error: AadError,
  trace: ErrorTrace,
  baseUrl: string,
): { status: number; body: AadErrorBody } {
  const entry = lookupAadsts(error.code);
  const body: AadErrorBody = {
    error: entry.error,
    error_description: describeAadError(error, trace),
    error_codes: [error.code],
    timestamp: trace.timestamp,
    trace_id: trace.traceId,
    correlation_id: trace.correlationId,
    error_uri: `${baseUrl}/error?code=${error.code}`,
  };
  if (entry.suberror) {
    body.suberror = entry.suberror;
  }
  return { status: entry.status ?? 400, body };
}

/** Query (or fragment, or form) parameters of an error sent back to the app's redirect URI. */
export function buildAadRedirectParams(error: AadError, trace: ErrorTrace): Record<string, string> {
  const entry = lookupAadsts(error.code);
  const params: Record<string, string> = {
    error: entry.redirectError ?? entry.error,
    error_description: describeAadError(error, trace),
  };
  // Microsoft adds this when the user pressed cancel on its consent page.
  if (error.code === 65004) {
    params.error_subcode = 'cancel';
  }
  return params;
}

import type { ErrorBody, FieldIssue, SessionReply } from './api-types';
import { ROUTES, signInRoute } from './routes';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A failed API call, carrying the API's German message, its field problems and details. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldIssue[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The code used when the API could not be reached at all; the UI words it itself. */
export const NETWORK_FAILED = 'NETWORK_FAILED';

export type ApiFetchOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
};

// The latest token from a session or login reply. Tokens stay valid as long as the signed
// CSRF cookie does, so one fetch serves many changes.
let csrfToken: string | undefined;

export function rememberCsrfToken(token: string): void {
  csrfToken = token;
}

/** Calls the API through the portal's own origin (see the rewrites in next.config.ts). */
export async function apiFetch<T>(path: string, options: ApiFetchOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  try {
    return await send<T>(path, method, options);
  } catch (error) {
    // A stale token (for example after the API restarted) is answered 403; one fresh try.
    if (error instanceof ApiError && error.code === 'AUTH_CSRF_INVALID') {
      csrfToken = undefined;
      return send<T>(path, method, options);
    }
    throw error;
  }
}

/** Fetches the session; also the way to obtain a CSRF token before signing in. */
export async function fetchSession(): Promise<SessionReply> {
  const session = await send<SessionReply>('/api/auth/session', 'GET', {});
  rememberCsrfToken(session.csrfToken);
  return session;
}

async function send<T>(path: string, method: string, options: ApiFetchOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (UNSAFE_METHODS.has(method)) {
    headers['x-csrf-token'] = csrfToken ?? (await fetchSession()).csrfToken;
  }
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (options.signal?.aborted) {
      throw error;
    }
    throw new ApiError(0, NETWORK_FAILED, '');
  }

  if (response.ok) {
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
  const apiError = await toApiError(response);
  if (apiError.code === 'AUTH_REQUIRED') {
    redirectToSignIn();
  }
  if (apiError.code === 'IMPERSONATION_EXPIRED') {
    // The API has just closed the support session; the console says so and is where support
    // goes next.
    window.location.assign(ROUTES.supportAfterExpiry);
  }
  throw apiError;
}

async function toApiError(response: Response): Promise<ApiError> {
  try {
    const { error } = (await response.json()) as ErrorBody;
    const { code, message, fields, details } = error;
    return new ApiError(response.status, code, message, fields ?? [], details ?? {});
  } catch {
    // Not the API's JSON: the rewrite proxy answers 5xx itself when the API is down.
    const code = response.status >= 500 ? NETWORK_FAILED : `HTTP_${response.status}`;
    return new ApiError(response.status, code, '');
  }
}

function redirectToSignIn(): void {
  const here = `${window.location.pathname}${window.location.search}`;
  window.location.assign(signInRoute(here));
}

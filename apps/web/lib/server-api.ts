import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { SessionReply, Settings } from './api-types';
import { readWebEnv } from './env';
import { ROUTES } from './routes';

// Server Components call the API directly (not through the rewrite) and pass on the
// browser's cookies, so the API sees the same session as the browser would.

export async function fetchServerSession(): Promise<SessionReply> {
  const response = await requestApi('/api/auth/session');
  if (!response.ok && (await errorCodeOf(response)) === 'IMPERSONATION_EXPIRED') {
    // This very request found the support session past its time and closed it: support goes
    // to the console, which says so. (Asking again here would not reach the API: Next
    // memoizes equal GET requests within one render.)
    redirect(ROUTES.supportAfterExpiry);
  }
  if (!response.ok) {
    throw new Error(`API /api/auth/session answered ${response.status}`);
  }
  return (await response.json()) as SessionReply;
}

/** The tenant settings, or undefined when the user may not read them (e.g. support staff). */
export async function fetchServerSettings(): Promise<Settings | undefined> {
  return getFromApi<Settings>('/api/settings', { allowForbidden: true });
}

async function getFromApi<T>(
  path: string,
  options: { allowForbidden?: boolean } = {},
): Promise<T | undefined> {
  const response = await requestApi(path);
  if (options.allowForbidden && (response.status === 401 || response.status === 403)) {
    return undefined;
  }
  if (!response.ok) {
    throw new Error(`API ${path} answered ${response.status}`);
  }
  return (await response.json()) as T;
}

async function requestApi(path: string): Promise<Response> {
  const { apiInternalUrl } = readWebEnv();
  const cookie = (await headers()).get('cookie');
  return fetch(`${apiInternalUrl}${path}`, {
    headers: { accept: 'application/json', ...(cookie ? { cookie } : {}) },
    cache: 'no-store',
  });
}

async function errorCodeOf(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { error?: { code?: string } };
    return body.error?.code;
  } catch {
    return undefined;
  }
}

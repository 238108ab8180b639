import { headers } from 'next/headers';
import type { SessionReply, Settings } from './api-types';
import { readWebEnv } from './env';

// Server Components call the API directly (not through the rewrite) and pass on the
// browser's cookies, so the API sees the same session as the browser would.

export async function fetchServerSession(): Promise<SessionReply> {
  // The one request that finds a support session past its time is refused (and closes it);
  // the next one answers normally, so one retry covers it.
  const reply = await getFromApi<SessionReply>('/api/auth/session').catch(() =>
    getFromApi<SessionReply>('/api/auth/session'),
  );
  if (!reply) {
    throw new Error('session endpoint answered without a body');
  }
  return reply;
}

/** The tenant settings, or undefined when the user may not read them (e.g. support staff). */
export async function fetchServerSettings(): Promise<Settings | undefined> {
  return getFromApi<Settings>('/api/settings', { allowForbidden: true });
}

async function getFromApi<T>(
  path: string,
  options: { allowForbidden?: boolean } = {},
): Promise<T | undefined> {
  const { apiInternalUrl } = readWebEnv();
  const cookie = (await headers()).get('cookie');
  const response = await fetch(`${apiInternalUrl}${path}`, {
    headers: { accept: 'application/json', ...(cookie ? { cookie } : {}) },
    cache: 'no-store',
  });
  if (options.allowForbidden && (response.status === 401 || response.status === 403)) {
    return undefined;
  }
  if (!response.ok) {
    throw new Error(`API ${path} answered ${response.status}`);
  }
  return (await response.json()) as T;
}

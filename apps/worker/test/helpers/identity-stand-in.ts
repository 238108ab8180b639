import { inject } from 'vitest';
import { redeemRefreshToken } from '../../../../e2e/stubs/ms-identity/src/index.ts';

/** Refresh-token requests the identity stand-in has answered for `email` so far. */
export async function refreshRequestsOf(email: string): Promise<number> {
  const response = await fetch(`${inject('identityUrl')}/_stub/stats`);
  const stats = (await response.json()) as { byEmail: Record<string, Record<string, number>> };
  return stats.byEmail[email]?.refresh_token ?? 0;
}

/** Revokes every token of `email`, as a password change at Microsoft does. */
export async function revokeAtStandIn(email: string): Promise<void> {
  const response = await fetch(`${inject('identityUrl')}/_stub/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  if (response.status !== 204) {
    throw new Error(`revoke failed: ${response.status}`);
  }
}

/** The stand-in's answer to redeeming `refreshToken`: 200 while live, 400 once used or dead. */
export async function redeemAtStandIn(refreshToken: string): Promise<number> {
  return (await redeemRefreshToken(inject('identityUrl'), refreshToken)).status;
}

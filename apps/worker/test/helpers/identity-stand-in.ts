import { inject } from 'vitest';

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

/** The stand-in's answer to redeeming `refreshToken` (200, or 400 for a used or dead one). */
export async function redeemAtStandIn(refreshToken: string): Promise<number> {
  const response = await fetch(`${inject('identityUrl')}/organizations/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: 'postwerk-local',
      client_secret: 'postwerk-local-secret',
      refresh_token: refreshToken,
    }),
  });
  return response.status;
}

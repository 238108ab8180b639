import { DEFAULT_CLIENT } from './defaults.ts';

/**
 * Redeems a refresh token at the stand-in's token endpoint as the default client, the way a
 * test checks what Postwerk stored: 200 while the token is live; 400 once it was rotated,
 * revoked or changed by a single byte.
 */
export function redeemRefreshToken(baseUrl: string, refreshToken: string): Promise<Response> {
  return fetch(`${baseUrl}/organizations/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: DEFAULT_CLIENT.clientId,
      client_secret: DEFAULT_CLIENT.clientSecret,
      refresh_token: refreshToken,
    }),
  });
}

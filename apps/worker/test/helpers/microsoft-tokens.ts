import { createHash, randomBytes } from 'node:crypto';

const CLIENT = { id: 'postwerk-local', secret: 'postwerk-local-secret' };
const REDIRECT_URI = 'http://localhost:3000/api/auth/microsoft/callback';
const SCOPES =
  'https://outlook.office.com/SMTP.Send https://outlook.office.com/POP.AccessAsUser.All ' +
  'offline_access openid email profile';

/**
 * Signs `email` in at the identity stand-in the way a browser would (sign-in and consent
 * forms) and redeems the code: the tokens a real link flow would store.
 */
export async function obtainTokens(identityUrl: string, email: string) {
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL(`${identityUrl}/organizations/oauth2/v2.0/authorize`);
  authorize.search = new URLSearchParams({
    client_id: CLIENT.id,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: SCOPES,
    state: 'worker-test',
    nonce: 'worker-test',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const signIn = await (await fetch(authorize)).text();
  const consent = await (
    await post(`${identityUrl}${formAction(signIn)}`, {
      ctx: hidden(signIn, 'ctx'),
      login: email,
      passwd: 'Postwerk-Demo-1',
    })
  ).text();
  const done = await post(`${identityUrl}${formAction(consent)}`, {
    ctx: hidden(consent, 'ctx'),
    action: 'accept',
  });
  const code = new URL(done.headers.get('location') as string).searchParams.get('code') as string;
  const tokens = await post(`${identityUrl}/organizations/oauth2/v2.0/token`, {
    grant_type: 'authorization_code',
    client_id: CLIENT.id,
    client_secret: CLIENT.secret,
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
  const json = (await tokens.json()) as {
    access_token: string;
    refresh_token: string;
    expires_in: number;
  };
  return {
    accessToken: json.access_token,
    refreshToken: json.refresh_token,
    expiresAt: new Date(Date.now() + json.expires_in * 1000),
  };
}

function post(url: string, fields: Record<string, string>) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

function hidden(html: string, name: string): string {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
}

function formAction(html: string): string {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '';
  return action.replaceAll('&amp;', '&');
}

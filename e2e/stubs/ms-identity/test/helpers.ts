import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_CLIENT, DEFAULT_PASSWORD } from '../src/defaults.ts';
import { type StartIdentityStubOptions, startIdentityStub } from '../src/start.ts';
import type { TokenResponse } from '../src/tokens/issue-tokens.ts';

export const REDIRECT_URI = DEFAULT_CLIENT.redirectUris[0] ?? '';
export const MAIL_SCOPES =
  'https://outlook.office.com/SMTP.Send https://outlook.office.com/POP.AccessAsUser.All ' +
  'offline_access openid email profile';

/** `response.json()` is `unknown` under Node's types; tests say what they expect. */
export async function readJson<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export function startTestStub(options: StartIdentityStubOptions = {}) {
  return startIdentityStub({ logger: false, port: 0, ...options });
}

export function createPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

export interface FlowOptions {
  tenant?: string;
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  challenge?: string;
  state?: string;
  nonce?: string;
  extra?: Record<string, string>;
}

export function buildAuthorizeUrl(baseUrl: string, options: FlowOptions = {}): string {
  const url = new URL(`${baseUrl}/${options.tenant ?? 'organizations'}/oauth2/v2.0/authorize`);
  const params: Record<string, string> = {
    client_id: options.clientId ?? DEFAULT_CLIENT.clientId,
    redirect_uri: options.redirectUri ?? REDIRECT_URI,
    response_type: 'code',
    scope: options.scope ?? MAIL_SCOPES,
    state: options.state ?? 'state-123',
    nonce: options.nonce ?? 'nonce-456',
    code_challenge: options.challenge ?? createPkce().challenge,
    code_challenge_method: 'S256',
    ...options.extra,
  };
  for (const [name, value] of Object.entries(params)) {
    url.searchParams.set(name, value);
  }
  return url.toString();
}

/** Posts a form like a browser would, without following redirects. */
export function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

export function readHiddenField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) {
    throw new Error(`no hidden field ${name} in page`);
  }
  return match[1];
}

export function readFormAction(html: string): string {
  const match = /<form method="post" action="([^"]+)"/.exec(html);
  if (!match?.[1]) {
    throw new Error('no form in page');
  }
  return match[1];
}

/** Opens the authorize URL and submits the sign-in form; returns the next response. */
export async function signIn(
  baseUrl: string,
  authorizeUrl: string,
  email: string,
  password = DEFAULT_PASSWORD,
): Promise<Response> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200) {
    throw new Error(`authorize answered ${page.status}: ${html.slice(0, 200)}`);
  }
  const fields = { ctx: readHiddenField(html, 'ctx'), login: email, passwd: password };
  return postForm(`${baseUrl}${readFormAction(html)}`, fields);
}

/** Signs in, then presses "Akzeptieren" or "Abbrechen"; returns the redirect's URL. */
export async function signInAndConsent(
  baseUrl: string,
  email: string,
  options: FlowOptions & { action?: 'accept' | 'cancel' } = {},
): Promise<URL> {
  const consent = await signIn(baseUrl, buildAuthorizeUrl(baseUrl, options), email);
  const html = await consent.text();
  const fields = { ctx: readHiddenField(html, 'ctx'), action: options.action ?? 'accept' };
  const response = await postForm(`${baseUrl}${readFormAction(html)}`, fields);
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(`consent answered ${response.status}`);
  }
  return new URL(location);
}

export interface RedeemOptions {
  tenant?: string;
  redirectUri?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
}

export function redeemCode(
  baseUrl: string,
  code: string,
  verifier: string,
  options: RedeemOptions = {},
): Promise<Response> {
  return postForm(`${baseUrl}/${options.tenant ?? 'organizations'}/oauth2/v2.0/token`, {
    grant_type: 'authorization_code',
    client_id: options.clientId ?? DEFAULT_CLIENT.clientId,
    client_secret: options.clientSecret ?? DEFAULT_CLIENT.clientSecret,
    code,
    redirect_uri: options.redirectUri ?? REDIRECT_URI,
    code_verifier: verifier,
    ...(options.scope ? { scope: options.scope } : {}),
  });
}

export function refreshTokens(
  baseUrl: string,
  refreshToken: string,
  options: RedeemOptions = {},
): Promise<Response> {
  return postForm(`${baseUrl}/${options.tenant ?? 'organizations'}/oauth2/v2.0/token`, {
    grant_type: 'refresh_token',
    client_id: options.clientId ?? DEFAULT_CLIENT.clientId,
    client_secret: options.clientSecret ?? DEFAULT_CLIENT.clientSecret,
    refresh_token: refreshToken,
    ...(options.scope ? { scope: options.scope } : {}),
  });
}

/** The whole browser flow plus code redemption; fails the test on any error. */
export async function obtainTokens(
  baseUrl: string,
  email: string,
  options: FlowOptions & RedeemOptions = {},
): Promise<TokenResponse> {
  const pkce = createPkce();
  const callback = await signInAndConsent(baseUrl, email, {
    ...options,
    challenge: pkce.challenge,
  });
  const code = callback.searchParams.get('code') ?? '';
  const response = await redeemCode(baseUrl, code, pkce.verifier, options);
  if (response.status !== 200) {
    throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as TokenResponse;
}

import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseAadstsCodes } from './aadsts.ts';
import {
  MICROSOFT_SCOPES,
  type MicrosoftIdentityConfig,
  microsoftEndpoints,
} from './microsoft-config.ts';

const TokenReply = z.object({
  token_type: z.string(),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  id_token: z.string().optional(),
  expires_in: z.coerce.number().positive(),
  scope: z.string().optional(),
});

const ErrorReply = z.object({
  error: z.string(),
  error_description: z.string().default(''),
  error_codes: z.array(z.number()).optional(),
  trace_id: z.string().optional(),
  correlation_id: z.string().optional(),
});

export type TokenSet = {
  accessToken: string;
  /** Microsoft rotates refresh tokens: store this one at once, the old one may stop working. */
  refreshToken?: string;
  idToken?: string;
  expiresAt: Date;
  scope?: string;
};

/** An error answer of Microsoft's token endpoint, with its AADSTS codes. */
export class MicrosoftIdentityError extends Error {
  override name = 'MicrosoftIdentityError';

  constructor(
    readonly error: string,
    readonly aadstsCodes: number[],
    readonly status: number,
    readonly traceId?: string,
  ) {
    super(`microsoft identity platform answered ${error} (AADSTS${aadstsCodes.join(',')})`);
  }

  /** `invalid_grant`: the refresh token or code is no longer accepted. */
  get isInvalidGrant(): boolean {
    return this.error === 'invalid_grant';
  }
}

/** A PKCE verifier and its S256 challenge (RFC 7636 §4.1–4.2). */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

export type AuthorizeUrlOptions = {
  state: string;
  nonce: string;
  codeChallenge: string;
  loginHint?: string;
};

/** The URL that sends the browser to Microsoft's sign-in for Postwerk's scopes. */
export function buildAuthorizeUrl(config: MicrosoftIdentityConfig, options: AuthorizeUrlOptions) {
  const url = new URL(microsoftEndpoints(config).authorize);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    response_type: 'code',
    redirect_uri: config.redirectUri,
    response_mode: 'query',
    scope: MICROSOFT_SCOPES.join(' '),
    state: options.state,
    nonce: options.nonce,
    code_challenge: options.codeChallenge,
    code_challenge_method: 'S256',
    // Lets the admin pick the mailbox's account instead of silently reusing their own.
    prompt: 'select_account',
    ...(options.loginHint ? { login_hint: options.loginHint } : {}),
  }).toString();
  return url.toString();
}

/** Redeems an authorization code as a confidential client. */
export function exchangeAuthCode(
  config: MicrosoftIdentityConfig,
  code: string,
  codeVerifier: string,
): Promise<TokenSet> {
  return requestToken(config, {
    grant_type: 'authorization_code',
    code,
    code_verifier: codeVerifier,
    redirect_uri: config.redirectUri,
    scope: MICROSOFT_SCOPES.join(' '),
  });
}

/** Trades a refresh token for a new access token (and a new refresh token). */
export function refreshAccessToken(
  config: MicrosoftIdentityConfig,
  refreshToken: string,
): Promise<TokenSet> {
  return requestToken(config, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    scope: MICROSOFT_SCOPES.join(' '),
  });
}

async function requestToken(
  config: MicrosoftIdentityConfig,
  fields: Record<string, string>,
): Promise<TokenSet> {
  const body = new URLSearchParams({
    client_id: config.clientId,
    client_secret: config.clientSecret,
    ...fields,
  });
  const response = await fetch(microsoftEndpoints(config).token, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    signal: AbortSignal.timeout(15_000),
  });
  const json: unknown = await response.json().catch(() => ({}));

  if (!response.ok) {
    const parsed = ErrorReply.safeParse(json);
    if (!parsed.success) {
      throw new MicrosoftIdentityError('invalid_response', [], response.status);
    }
    const codes = parsed.data.error_codes ?? parseAadstsCodes(parsed.data.error_description);
    throw new MicrosoftIdentityError(
      parsed.data.error,
      codes,
      response.status,
      parsed.data.trace_id,
    );
  }
  const reply = TokenReply.parse(json);
  return {
    accessToken: reply.access_token,
    refreshToken: reply.refresh_token,
    idToken: reply.id_token,
    expiresAt: new Date(Date.now() + reply.expires_in * 1000),
    scope: reply.scope,
  };
}

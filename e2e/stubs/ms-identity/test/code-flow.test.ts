import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BAU_FIRMA_TID, DEFAULT_CLIENT } from '../src/defaults.ts';
import type { RunningIdentityStub } from '../src/start.ts';
import type { TokenResponse } from '../src/tokens/issue-tokens.ts';
import { expectAadError } from './aad-assertions.ts';
import {
  buildAuthorizeUrl,
  createPkce,
  obtainTokens,
  postForm,
  REDIRECT_URI,
  readFormAction,
  readHiddenField,
  readJson,
  redeemCode,
  signIn,
  signInAndConsent,
  startTestStub,
} from './helpers.ts';

let stub: RunningIdentityStub;

beforeAll(async () => {
  stub = await startTestStub();
});
afterAll(() => stub.close());
beforeEach(() => stub.controls.reset());

describe('authorization code flow with PKCE', () => {
  it('shows an accessible sign-in page, then the consent page', async () => {
    const page = await fetch(buildAuthorizeUrl(stub.url));
    const html = await page.text();

    expect(page.status).toBe(200);
    expect(html).toContain('<title>Anmelden</title>');
    expect(html).toMatch(/<label for="login">E-Mail-Adresse<\/label>\s*<input id="login"/);
    expect(html).toMatch(/<label for="passwd">Kennwort<\/label>\s*<input id="passwd"/);
    expect(html).toContain('<button type="submit">Anmelden</button>');

    const consent = await signIn(stub.url, buildAuthorizeUrl(stub.url), 'becker@bau-firma.de');
    const consentHtml = await consent.text();
    expect(consentHtml).toContain('>Akzeptieren</button>');
    expect(consentHtml).toContain('>Abbrechen</button>');
    expect(consentHtml).toContain('https://outlook.office.com/SMTP.Send');
  });

  it('re-renders the sign-in page with an error on a wrong password', async () => {
    const response = await signIn(
      stub.url,
      buildAuthorizeUrl(stub.url),
      'becker@bau-firma.de',
      'falsch',
    );
    const html = await response.text();

    expect(html).toContain('<title>Anmelden</title>');
    expect(html).toMatch(/role="alert"[^>]*>Ihr Konto oder Kennwort ist falsch\. AADSTS50126/);
    expect(html).toContain('value="becker@bau-firma.de"');
  });

  it('redirects with code and state, and the code buys Microsoft-shaped tokens', async () => {
    const pkce = createPkce();
    const callback = await signInAndConsent(stub.url, 'becker@bau-firma.de', {
      challenge: pkce.challenge,
    });
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe('state-123');

    const response = await redeemCode(
      stub.url,
      callback.searchParams.get('code') ?? '',
      pkce.verifier,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const tokens = await readJson<TokenResponse>(response);
    expect(Object.keys(tokens)).toEqual([
      'token_type',
      'scope',
      'expires_in',
      'ext_expires_in',
      'access_token',
      'refresh_token',
      'id_token',
    ]);
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.scope).toContain('https://outlook.office.com/POP.AccessAsUser.All');
    expect(tokens.refresh_token).toHaveLength(1200);
  });

  it('issues an ID token that verifies against the published JWKS', async () => {
    const tokens = await obtainTokens(stub.url, 'mueller@bau-firma.de');
    const discoveryUrl = `${stub.url}/organizations/v2.0/.well-known/openid-configuration`;
    const discovery = await readJson<{ jwks_uri: string }>(await fetch(discoveryUrl));
    const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));

    const { payload, protectedHeader } = await jwtVerify(tokens.id_token ?? '', jwks, {
      issuer: `${stub.url}/${BAU_FIRMA_TID}/v2.0`,
      audience: DEFAULT_CLIENT.clientId,
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(payload).toMatchObject({
      nonce: 'nonce-456',
      email: 'mueller@bau-firma.de',
      preferred_username: 'mueller@bau-firma.de',
      name: 'Sabine Müller',
      tid: BAU_FIRMA_TID,
    });
    expect(payload.exp).toBe((payload.iat ?? 0) + 3600);
  });

  it('issues an Outlook access token with typ JWT and both scp and scope', async () => {
    const tokens = await obtainTokens(stub.url, 'becker@bau-firma.de');
    const jwks = createRemoteJWKSet(new URL(`${stub.url}/common/discovery/v2.0/keys`));

    await expect(jwtVerify(tokens.access_token, jwks)).resolves.toBeDefined();
    expect(decodeProtectedHeader(tokens.access_token)).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      kid: expect.any(String),
    });
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({
      aud: 'https://outlook.office.com',
      iss: `https://sts.windows.net/${BAU_FIRMA_TID}/`,
      scp: 'SMTP.Send POP.AccessAsUser.All',
      scope: 'SMTP.Send POP.AccessAsUser.All',
      upn: 'becker@bau-firma.de',
      email: 'becker@bau-firma.de',
      unique_name: 'becker@bau-firma.de',
      tid: BAU_FIRMA_TID,
      oid: '6e2b1f4a-8c3d-4e5f-9a7b-1c2d3e4f5a01',
      appid: DEFAULT_CLIENT.clientId,
      azp: DEFAULT_CLIENT.clientId,
      name: 'Jonas Becker',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
  });
});

describe('response modes and request formats', () => {
  it('answers response_mode=form_post with a self-posting form to the app', async () => {
    const url = buildAuthorizeUrl(stub.url, { extra: { response_mode: 'form_post' } });
    const consent = await (await signIn(stub.url, url, 'becker@bau-firma.de')).text();
    const response = await postForm(`${stub.url}${readFormAction(consent)}`, {
      ctx: readHiddenField(consent, 'ctx'),
      action: 'accept',
    });
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(readFormAction(html)).toBe(REDIRECT_URI);
    expect(readHiddenField(html, 'code')).toMatch(/^1\.AQ/);
    expect(readHiddenField(html, 'state')).toBe('state-123');
  });

  it('answers response_mode=fragment in the URL fragment', async () => {
    const callback = await signInAndConsent(stub.url, 'becker@bau-firma.de', {
      extra: { response_mode: 'fragment' },
    });
    const fragment = new URLSearchParams(callback.hash.slice(1));

    expect(callback.search).toBe('');
    expect(fragment.get('code')).toBeTruthy();
    expect(fragment.get('state')).toBe('state-123');
  });

  it('reads only form bodies at the token endpoint, like Microsoft', async () => {
    const response = await fetch(`${stub.url}/organizations/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'x' }),
    });

    await expectAadError(response, { error: 'invalid_request', code: 900144 });
  });
});

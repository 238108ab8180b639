import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CLIENT } from '../src/defaults.ts';
import type { RunningIdentityStub } from '../src/start.ts';
import { expectAadError, expectRedirectError } from './aad-assertions.ts';
import {
  buildAuthorizeUrl,
  createPkce,
  postForm,
  REDIRECT_URI,
  readFormAction,
  readHiddenField,
  redeemCode,
  signInAndConsent,
  startTestStub,
} from './helpers.ts';

let stub: RunningIdentityStub;

beforeAll(async () => {
  stub = await startTestStub();
});
afterAll(() => stub.close());
beforeEach(() => stub.controls.reset());

describe('code redemption refusals', () => {
  it('refuses a reused code with AADSTS54005', async () => {
    const pkce = createPkce();
    const callback = await signInAndConsent(stub.url, 'becker@bau-firma.de', {
      challenge: pkce.challenge,
    });
    const code = callback.searchParams.get('code') ?? '';

    expect((await redeemCode(stub.url, code, pkce.verifier)).status).toBe(200);
    await expectAadError(await redeemCode(stub.url, code, pkce.verifier), {
      error: 'invalid_grant',
      code: 54005,
    });
  });

  it('refuses a wrong PKCE verifier with AADSTS501481', async () => {
    const callback = await signInAndConsent(stub.url, 'becker@bau-firma.de');
    const code = callback.searchParams.get('code') ?? '';

    await expectAadError(await redeemCode(stub.url, code, createPkce().verifier), {
      error: 'invalid_grant',
      code: 501481,
    });
  });

  it('refuses a code after ten minutes with AADSTS70008', async () => {
    const pkce = createPkce();
    const callback = await signInAndConsent(stub.url, 'becker@bau-firma.de', {
      challenge: pkce.challenge,
    });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 11 * 60 * 1000 });
    try {
      const response = await redeemCode(
        stub.url,
        callback.searchParams.get('code') ?? '',
        pkce.verifier,
      );
      await expectAadError(response, { error: 'invalid_grant', code: 70008 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a redirect URI other than the one the code was issued for', async () => {
    const pkce = createPkce();
    const callback = await signInAndConsent(stub.url, 'becker@bau-firma.de', {
      challenge: pkce.challenge,
    });
    const response = await redeemCode(
      stub.url,
      callback.searchParams.get('code') ?? '',
      pkce.verifier,
      {
        redirectUri: DEFAULT_CLIENT.redirectUris[1],
      },
    );
    await expectAadError(response, { error: 'invalid_grant', code: 500112 });
  });

  it('answers a wrong client secret with 401 invalid_client AADSTS7000215', async () => {
    const pkce = createPkce();
    const callback = await signInAndConsent(stub.url, 'becker@bau-firma.de', {
      challenge: pkce.challenge,
    });
    const response = await redeemCode(
      stub.url,
      callback.searchParams.get('code') ?? '',
      pkce.verifier,
      {
        clientSecret: 'falsch',
      },
    );
    await expectAadError(response, { status: 401, error: 'invalid_client', code: 7000215 });
  });

  it('accepts client_secret_basic', async () => {
    const pkce = createPkce();
    const callback = await signInAndConsent(stub.url, 'becker@bau-firma.de', {
      challenge: pkce.challenge,
    });
    const basic = Buffer.from(`${DEFAULT_CLIENT.clientId}:${DEFAULT_CLIENT.clientSecret}`);
    const response = await postForm(
      `${stub.url}/organizations/oauth2/v2.0/token`,
      {
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT_URI,
        code_verifier: pkce.verifier,
      },
      { authorization: `Basic ${basic.toString('base64')}` },
    );
    expect(response.status).toBe(200);
  });
});

describe('authorize refusals', () => {
  it('shows an error page instead of redirecting to an unregistered URI', async () => {
    const url = buildAuthorizeUrl(stub.url, { redirectUri: 'https://evil.example/callback' });
    const response = await fetch(url, { redirect: 'manual' });

    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('AADSTS50011');
  });

  it('shows an error page for an unknown client', async () => {
    const url = buildAuthorizeUrl(stub.url, { clientId: 'unbekannt' });
    const response = await fetch(url, { redirect: 'manual' });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('AADSTS700016');
  });

  it('sends access_denied AADSTS65004 when the user presses Abbrechen', async () => {
    const callback = await signInAndConsent(stub.url, 'becker@bau-firma.de', { action: 'cancel' });

    expectRedirectError(callback, { error: 'access_denied', code: 65004 });
    expect(callback.searchParams.get('error_subcode')).toBe('cancel');
  });

  it('requires an S256 code challenge', async () => {
    const url = new URL(buildAuthorizeUrl(stub.url));
    url.searchParams.delete('code_challenge');
    const response = await fetch(url, { redirect: 'manual' });

    expect(response.status).toBe(302);
    const callback = new URL(response.headers.get('location') ?? '');
    expectRedirectError(callback, { error: 'invalid_request', code: 900144 });
  });

  it('refuses a consent post for an unknown sign-in request with AADSTS50089', async () => {
    const page = await (await fetch(buildAuthorizeUrl(stub.url))).text();
    const action = readFormAction(page).replace('/login', '/Consent/Set');
    const response = await postForm(`${stub.url}${action}`, {
      ctx: `${readHiddenField(page, 'ctx')}x`,
      action: 'accept',
    });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('AADSTS50089');
  });
});

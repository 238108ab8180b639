import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InjectableCode } from '../src/errors/aadsts-catalog.ts';
import type { RunningIdentityStub } from '../src/start.ts';
import { expectAadError, expectRedirectError } from './aad-assertions.ts';
import {
  buildAuthorizeUrl,
  createPkce,
  obtainTokens,
  redeemCode,
  refreshTokens,
  signIn,
  signInAndConsent,
  startTestStub,
} from './helpers.ts';

const BECKER = 'becker@bau-firma.de';

let stub: RunningIdentityStub;

beforeAll(async () => {
  stub = await startTestStub();
});
afterAll(() => stub.close());
beforeEach(() => stub.controls.reset());

// The `error` and `suberror` Microsoft sends with each code at the token endpoint.
const TOKEN_ENDPOINT_SHAPES: Array<[InjectableCode, string, string | undefined]> = [
  [65001, 'invalid_grant', 'consent_required'],
  [90094, 'invalid_grant', 'consent_required'],
  [50076, 'invalid_grant', 'basic_action'],
  [70008, 'invalid_grant', undefined],
  [700082, 'invalid_grant', undefined],
  [50173, 'invalid_grant', undefined],
  [50194, 'invalid_request', undefined],
];

describe('failNext at refresh', () => {
  it.each(TOKEN_ENDPOINT_SHAPES)(
    'answers AADSTS%i in Microsoft shape',
    async (code, error, sub) => {
      const tokens = await obtainTokens(stub.url, BECKER);
      stub.controls.failNext({ email: BECKER, at: 'refresh', aadsts: code });

      const response = await refreshTokens(stub.url, tokens.refresh_token ?? '');
      await expectAadError(response, { error, code, suberror: sub });
    },
  );

  it('fails once for consent errors, then the same refresh token works', async () => {
    const tokens = await obtainTokens(stub.url, BECKER);
    stub.controls.failNext({ at: 'refresh', aadsts: 65001 });

    expect((await refreshTokens(stub.url, tokens.refresh_token ?? '')).status).toBe(400);
    expect((await refreshTokens(stub.url, tokens.refresh_token ?? '')).status).toBe(200);
  });

  it('kills the refresh token for good after an injected AADSTS700082', async () => {
    const tokens = await obtainTokens(stub.url, BECKER);
    stub.controls.failNext({ at: 'refresh', aadsts: 700082 });

    await refreshTokens(stub.url, tokens.refresh_token ?? '');
    const again = await refreshTokens(stub.url, tokens.refresh_token ?? '');
    await expectAadError(again, { error: 'invalid_grant', code: 700082 });
  });

  it('leaves other users alone when an email is given', async () => {
    const mueller = await obtainTokens(stub.url, 'mueller@bau-firma.de');
    stub.controls.failNext({ email: BECKER, at: 'refresh', aadsts: 50076 });

    expect((await refreshTokens(stub.url, mueller.refresh_token ?? '')).status).toBe(200);
  });

  it('echoes the client-request-id header as correlation_id', async () => {
    const tokens = await obtainTokens(stub.url, BECKER);
    stub.controls.failNext({ at: 'refresh', aadsts: 700082 });
    const correlationId = '0f1e2d3c-4b5a-4968-8776-655443322110';

    const response = await fetch(`${stub.url}/organizations/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'client-request-id': correlationId },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: 'postwerk-local',
        client_secret: 'postwerk-local-secret',
        refresh_token: tokens.refresh_token ?? '',
      }),
    });
    const body = await expectAadError(response, { error: 'invalid_grant', code: 700082 });
    expect(body.correlation_id).toBe(correlationId);
  });
});

describe('failNext at token and authorize', () => {
  it('fails the code redemption with AADSTS50076', async () => {
    const pkce = createPkce();
    const callback = await signInAndConsent(stub.url, BECKER, { challenge: pkce.challenge });
    stub.controls.failNext({ at: 'token', aadsts: 50076 });

    const response = await redeemCode(
      stub.url,
      callback.searchParams.get('code') ?? '',
      pkce.verifier,
    );
    await expectAadError(response, {
      error: 'invalid_grant',
      code: 50076,
      suberror: 'basic_action',
    });
  });

  it('redirects the next authorize request back with the error', async () => {
    stub.controls.failNext({ at: 'authorize', aadsts: 65001 });
    const response = await fetch(buildAuthorizeUrl(stub.url), { redirect: 'manual' });

    expect(response.status).toBe(302);
    const callback = new URL(response.headers.get('location') ?? '');
    expectRedirectError(callback, { error: 'consent_required', code: 65001 });
  });

  it('fails a named user right after the password, as MFA would', async () => {
    stub.controls.failNext({ email: BECKER, at: 'authorize', aadsts: 50076 });
    const response = await signIn(stub.url, buildAuthorizeUrl(stub.url), BECKER);

    expect(response.status).toBe(302);
    const callback = new URL(response.headers.get('location') ?? '');
    expectRedirectError(callback, { error: 'interaction_required', code: 50076 });
  });
});

describe('expiry and revocation controls', () => {
  it('expireRefreshTokens makes the next refresh answer AADSTS700082', async () => {
    const tokens = await obtainTokens(stub.url, BECKER);
    expect(stub.controls.expireRefreshTokens(BECKER)).toBe(1);

    const response = await refreshTokens(stub.url, tokens.refresh_token ?? '');
    const body = await expectAadError(response, { error: 'invalid_grant', code: 700082 });
    expect(body.error_description).toMatch(/inactive for 90\.00:00:00/);
  });

  it('revoke answers AADSTS50173, and a new sign-in works again', async () => {
    const tokens = await obtainTokens(stub.url, BECKER);
    stub.controls.revoke(BECKER);

    const response = await refreshTokens(stub.url, tokens.refresh_token ?? '');
    const body = await expectAadError(response, { error: 'invalid_grant', code: 50173 });
    expect(body.error_description).toMatch(/TokensValidFrom date .* is '\d{4}-.*\.\d{7}Z'/);

    const fresh = await obtainTokens(stub.url, BECKER);
    expect((await refreshTokens(stub.url, fresh.refresh_token ?? '')).status).toBe(200);
  });
});

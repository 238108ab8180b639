import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT } from '../src/defaults.ts';
import type { RunningIdentityStub } from '../src/start.ts';
import type { TokenResponse } from '../src/tokens/issue-tokens.ts';
import { expectAadError } from './aad-assertions.ts';
import { obtainTokens, refreshTokens, startTestStub } from './helpers.ts';

const OTHER_CLIENT = {
  clientId: 'andere-app',
  clientSecret: 'andere-app-secret',
  redirectUris: ['http://localhost:3999/callback'],
};

let stub: RunningIdentityStub;

beforeAll(async () => {
  stub = await startTestStub({ clients: [DEFAULT_CLIENT, OTHER_CLIENT] });
});
afterAll(() => stub.close());
beforeEach(() => stub.controls.reset());

async function refreshOk(refreshToken: string, scope?: string): Promise<TokenResponse> {
  const response = await refreshTokens(stub.url, refreshToken, { scope });
  expect(response.status).toBe(200);
  return (await response.json()) as TokenResponse;
}

describe('refresh token grant', () => {
  it('rotates: each refresh returns a new refresh token and the old one dies at once', async () => {
    const first = await obtainTokens(stub.url, 'becker@bau-firma.de');
    const second = await refreshOk(first.refresh_token ?? '');

    expect(second.refresh_token).toHaveLength(1200);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    await expectAadError(await refreshTokens(stub.url, first.refresh_token ?? ''), {
      error: 'invalid_grant',
      code: 70008,
    });

    const third = await refreshOk(second.refresh_token ?? '');
    expect(third.refresh_token).not.toBe(second.refresh_token);
  });

  it('returns an ID token on refresh only when openid is asked for', async () => {
    const first = await obtainTokens(stub.url, 'becker@bau-firma.de');

    const withOpenId = await refreshOk(first.refresh_token ?? '');
    expect(withOpenId.id_token).toBeDefined();

    const narrowed = await refreshOk(
      withOpenId.refresh_token ?? '',
      'https://outlook.office.com/SMTP.Send offline_access',
    );
    expect(narrowed.id_token).toBeUndefined();
    expect(narrowed.scope).toBe('https://outlook.office.com/SMTP.Send offline_access');
    expect(decodeJwt(narrowed.access_token).scp).toBe('SMTP.Send');
  });

  it('refuses scopes the user never consented to with AADSTS65001', async () => {
    const first = await obtainTokens(stub.url, 'becker@bau-firma.de');
    const response = await refreshTokens(stub.url, first.refresh_token ?? '', {
      scope: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access',
    });

    await expectAadError(response, {
      error: 'invalid_grant',
      code: 65001,
      suberror: 'consent_required',
    });
  });

  it('refuses a refresh token presented by another client', async () => {
    const first = await obtainTokens(stub.url, 'becker@bau-firma.de');
    const response = await refreshTokens(stub.url, first.refresh_token ?? '', {
      clientId: OTHER_CLIENT.clientId,
      clientSecret: OTHER_CLIENT.clientSecret,
    });

    await expectAadError(response, { error: 'invalid_grant', code: 70000 });
  });

  it('refuses an unknown refresh token with AADSTS70000', async () => {
    await expectAadError(await refreshTokens(stub.url, 'nicht-echt'), {
      error: 'invalid_grant',
      code: 70000,
    });
  });

  it('issues no refresh token without offline_access, like Microsoft', async () => {
    const tokens = await obtainTokens(stub.url, 'becker@bau-firma.de', {
      scope: 'https://outlook.office.com/SMTP.Send openid',
    });

    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.id_token).toBeDefined();
  });

  it('refuses an unsupported grant type with AADSTS70003', async () => {
    const response = await fetch(`${stub.url}/organizations/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: DEFAULT_CLIENT.clientId,
        client_secret: DEFAULT_CLIENT.clientSecret,
      }),
    });

    await expectAadError(response, { error: 'unsupported_grant_type', code: 70003 });
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BAU_FIRMA_TID, DEFAULT_CLIENT } from '../src/defaults.ts';
import type { RunningIdentityStub } from '../src/start.ts';
import { expectRedirectError } from './aad-assertions.ts';
import {
  MAIL_SCOPES,
  obtainTokens,
  postForm,
  REDIRECT_URI,
  readFormAction,
  readHiddenField,
  signIn,
  startTestStub,
} from './helpers.ts';

let stub: RunningIdentityStub;

beforeAll(async () => {
  stub = await startTestStub();
});
afterAll(() => stub.close());
beforeEach(() => stub.controls.reset());

// Microsoft identity platform v2: /{tenant}/v2.0/adminconsent?client_id&scope&redirect_uri&state
function adminConsentUrl(overrides: Record<string, string> = {}, tenant = 'organizations') {
  const url = new URL(`${stub.url}/${tenant}/v2.0/adminconsent`);
  url.search = new URLSearchParams({
    client_id: DEFAULT_CLIENT.clientId,
    scope: MAIL_SCOPES,
    redirect_uri: REDIRECT_URI,
    state: 'admin-consent',
    ...overrides,
  }).toString();
  return url.toString();
}

/** Signs in at the admin-consent link and answers its consent page; returns the redirect. */
async function consentAsAdmin(email: string, action: 'accept' | 'cancel' = 'accept') {
  const consentPage = await signIn(stub.url, adminConsentUrl(), email);
  if (consentPage.status === 302) {
    return { page: '', callback: new URL(consentPage.headers.get('location') as string) };
  }
  const page = await consentPage.text();
  const done = await postForm(`${stub.url}${readFormAction(page)}`, {
    ctx: readHiddenField(page, 'ctx'),
    action,
  });
  return { page, callback: new URL(done.headers.get('location') as string) };
}

describe('admin consent endpoint', () => {
  it('lets a tenant admin consent for the whole directory and says so to the app', async () => {
    const { page, callback } = await consentAsAdmin('admin@bau-firma.de');

    expect(page).toContain('im Namen Ihrer gesamten Organisation');
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(Object.fromEntries(callback.searchParams)).toEqual({
      admin_consent: 'True',
      tenant: BAU_FIRMA_TID,
      scope: MAIL_SCOPES,
      state: 'admin-consent',
    });
    expect(stub.controls.adminConsents()).toEqual([
      expect.objectContaining({
        tid: BAU_FIRMA_TID,
        clientId: DEFAULT_CLIENT.clientId,
        grantedBy: 'admin@bau-firma.de',
      }),
    ]);
  });

  it('refuses a user who is no admin with AADSTS90094 and records nothing', async () => {
    const { callback } = await consentAsAdmin('becker@bau-firma.de');

    expectRedirectError(callback, {
      error: 'consent_required',
      code: 90094,
      state: 'admin-consent',
    });
    expect(callback.searchParams.get('admin_consent')).toBeNull();
    expect(stub.controls.adminConsents()).toEqual([]);
  });

  it('reports a declined admin consent as access_denied (AADSTS65004)', async () => {
    const { callback } = await consentAsAdmin('admin@bau-firma.de', 'cancel');

    expectRedirectError(callback, { error: 'access_denied', code: 65004, state: 'admin-consent' });
    expect(stub.controls.adminConsents()).toEqual([]);
  });

  it('shows its own error page for a redirect URI the app never registered', async () => {
    const response = await fetch(adminConsentUrl({ redirect_uri: 'https://evil.example/cb' }), {
      redirect: 'manual',
    });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('AADSTS50011');
  });

  it('turns away users of a directory that requires it until an admin consented', async () => {
    await fetch(`${stub.url}/_stub/require-admin-consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'bau-firma.de' }),
    });
    const before = await signIn(
      stub.url,
      `${stub.url}/organizations/oauth2/v2.0/authorize?${new URLSearchParams({
        client_id: DEFAULT_CLIENT.clientId,
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
        scope: MAIL_SCOPES,
        state: 'state-123',
        code_challenge: 'A'.repeat(43),
        code_challenge_method: 'S256',
      })}`,
      'becker@bau-firma.de',
    );
    expectRedirectError(new URL(before.headers.get('location') as string), {
      error: 'consent_required',
      code: 90094,
    });

    await consentAsAdmin('admin@bau-firma.de');
    const tokens = await obtainTokens(stub.url, 'becker@bau-firma.de');

    expect(tokens.refresh_token).toBeTruthy();
    const listed = await (await fetch(`${stub.url}/_stub/admin-consents`)).json();
    expect(listed).toEqual([expect.objectContaining({ tid: BAU_FIRMA_TID })]);
  });
});

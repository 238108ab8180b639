import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BAU_FIRMA_TID, DEFAULT_CLIENT } from '../src/defaults.ts';
import type { RunningIdentityStub } from '../src/start.ts';
import { expectAadError, expectRedirectError } from './aad-assertions.ts';
import {
  buildAuthorizeUrl,
  obtainTokens,
  readJson,
  redeemCode,
  signIn,
  signInAndConsent,
  startTestStub,
} from './helpers.ts';

const SINGLE_TENANT_CLIENT = {
  clientId: 'bau-firma-intern',
  clientSecret: 'bau-firma-intern-secret',
  redirectUris: ['http://localhost:3000/api/auth/microsoft/callback'],
  singleTenantTid: BAU_FIRMA_TID,
};

let stub: RunningIdentityStub;

beforeAll(async () => {
  stub = await startTestStub({ clients: [DEFAULT_CLIENT, SINGLE_TENANT_CLIENT] });
});
afterAll(() => stub.close());
beforeEach(() => stub.controls.reset());

async function discover(tenant: string): Promise<Response> {
  return fetch(`${stub.url}/${tenant}/v2.0/.well-known/openid-configuration`);
}

describe('discovery', () => {
  it('publishes the {tenantid} placeholder issuer for common and organizations', async () => {
    for (const tenant of ['common', 'organizations']) {
      const doc = await readJson(await discover(tenant));
      expect(doc.issuer).toBe(`${stub.url}/{tenantid}/v2.0`);
      expect(doc.authorization_endpoint).toBe(`${stub.url}/${tenant}/oauth2/v2.0/authorize`);
      expect(doc.token_endpoint).toBe(`${stub.url}/${tenant}/oauth2/v2.0/token`);
      expect(doc.jwks_uri).toBe(`${stub.url}/${tenant}/discovery/v2.0/keys`);
    }
  });

  it('resolves a verified domain to its tenant id', async () => {
    const doc = await readJson(await discover('bau-firma.de'));

    expect(doc.issuer).toBe(`${stub.url}/${BAU_FIRMA_TID}/v2.0`);
    expect(doc.token_endpoint).toBe(`${stub.url}/${BAU_FIRMA_TID}/oauth2/v2.0/token`);
  });

  it('publishes an RS256 key with a kid', async () => {
    const jwksUrl = `${stub.url}/common/discovery/v2.0/keys`;
    const jwks = await readJson<{ keys: unknown[] }>(await fetch(jwksUrl));

    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', kid: expect.any(String) });
  });

  it('answers an unknown tenant with AADSTS90002', async () => {
    await expectAadError(await discover('unbekannt.example'), {
      error: 'invalid_request',
      code: 90002,
    });
  });
});

describe('single-tenant apps and foreign accounts', () => {
  it('answers AADSTS50194 for a single-tenant app called through /common', async () => {
    const url = buildAuthorizeUrl(stub.url, {
      tenant: 'common',
      clientId: SINGLE_TENANT_CLIENT.clientId,
    });
    const response = await fetch(url, { redirect: 'manual' });

    expect(response.status).toBe(302);
    const callback = new URL(response.headers.get('location') ?? '');
    expectRedirectError(callback, { error: 'invalid_request', code: 50194 });
  });

  it('answers AADSTS50194 at the token endpoint of /common too', async () => {
    const response = await redeemCode(stub.url, 'irgendein-code', 'x', {
      tenant: 'common',
      clientId: SINGLE_TENANT_CLIENT.clientId,
      clientSecret: SINGLE_TENANT_CLIENT.clientSecret,
    });
    await expectAadError(response, { error: 'invalid_request', code: 50194 });
  });

  it('lets a single-tenant app sign in through its own tenant', async () => {
    const tokens = await obtainTokens(stub.url, 'becker@bau-firma.de', {
      tenant: BAU_FIRMA_TID,
      clientId: SINGLE_TENANT_CLIENT.clientId,
      clientSecret: SINGLE_TENANT_CLIENT.clientSecret,
    });
    expect(tokens.access_token).toBeDefined();
  });

  it('refuses an account of another tenant on a tenant path with AADSTS50020', async () => {
    const url = buildAuthorizeUrl(stub.url, { tenant: 'bau-firma.de' });
    const response = await signIn(stub.url, url, 'user@anderer-mandant.example');
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(html).toContain('<title>Anmelden</title>');
    expect(html).toContain('AADSTS50020');
  });

  it('lets any directory sign in through /organizations', async () => {
    const tokens = await obtainTokens(stub.url, 'user@anderer-mandant.example');
    expect(tokens.access_token).toBeDefined();
  });
});

describe('prompt', () => {
  it('answers prompt=none with login_required AADSTS50058', async () => {
    const url = buildAuthorizeUrl(stub.url, { extra: { prompt: 'none' } });
    const response = await fetch(url, { redirect: 'manual' });

    const callback = new URL(response.headers.get('location') ?? '');
    expectRedirectError(callback, { error: 'login_required', code: 50058 });
  });

  it('refuses admin consent by a non-admin with AADSTS90094', async () => {
    const url = buildAuthorizeUrl(stub.url, { extra: { prompt: 'admin_consent' } });
    const response = await signIn(stub.url, url, 'becker@bau-firma.de');

    const callback = new URL(response.headers.get('location') ?? '');
    expectRedirectError(callback, { error: 'consent_required', code: 90094 });
  });

  it('lets the tenant admin consent for the organisation', async () => {
    const callback = await signInAndConsent(stub.url, 'admin@bau-firma.de', {
      extra: { prompt: 'admin_consent' },
    });
    expect(callback.searchParams.get('code')).toBeTruthy();
  });
});

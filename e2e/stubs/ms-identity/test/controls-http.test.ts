import { importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildIdentityStub } from '../src/app.ts';
import type { RunningIdentityStub } from '../src/start.ts';
import { expectAadError } from './aad-assertions.ts';
import { obtainTokens, readJson, refreshTokens, startTestStub } from './helpers.ts';

const BECKER = 'becker@bau-firma.de';

let stub: RunningIdentityStub;

beforeAll(async () => {
  stub = await startTestStub();
});
afterAll(() => stub.close());
beforeEach(() => stub.controls.reset());

function postJson(path: string, body: unknown): Promise<Response> {
  return fetch(`${stub.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('/_stub/ controls over HTTP', () => {
  it('queues a failure with POST /_stub/fail-next', async () => {
    const tokens = await obtainTokens(stub.url, BECKER);
    const queued = await postJson('/_stub/fail-next', {
      email: BECKER,
      at: 'refresh',
      aadsts: 50173,
    });
    expect(queued.status).toBe(204);

    const response = await refreshTokens(stub.url, tokens.refresh_token ?? '');
    await expectAadError(response, { error: 'invalid_grant', code: 50173 });
  });

  it('refuses an unknown failure code with 400', async () => {
    const response = await postJson('/_stub/fail-next', { at: 'refresh', aadsts: 12345 });
    expect(response.status).toBe(400);
  });

  it('expires refresh tokens, expires access tokens and revokes by email', async () => {
    await obtainTokens(stub.url, BECKER);

    const expired = await postJson('/_stub/expire-refresh-tokens', { email: BECKER });
    expect(await expired.json()).toEqual({ expired: 1 });
    const expiredAccess = await postJson('/_stub/expire-access-tokens', { email: BECKER });
    expect(await expiredAccess.json()).toEqual({ expired: 1 });
    expect((await postJson('/_stub/revoke', { email: BECKER })).status).toBe(204);
  });

  it('counts token requests per user and grant type, and reset clears them', async () => {
    const tokens = await obtainTokens(stub.url, BECKER);
    await refreshTokens(stub.url, tokens.refresh_token ?? '');
    await refreshTokens(stub.url, tokens.refresh_token ?? '');

    const stats = await readJson(await fetch(`${stub.url}/_stub/stats`));
    expect(stats).toEqual({
      total: 3,
      byGrantType: { authorization_code: 1, refresh_token: 2 },
      byEmail: { [BECKER]: { authorization_code: 1, refresh_token: 2 } },
    });
    expect(stub.controls.stats()).toEqual(stats);

    expect((await fetch(`${stub.url}/_stub/reset`, { method: 'POST' })).status).toBe(204);
    expect(stub.controls.stats().total).toBe(0);
  });

  it('serves the public key as PEM for local token validation', async () => {
    const tokens = await obtainTokens(stub.url, BECKER);
    const pem = await (await fetch(`${stub.url}/_stub/public-key.pem`)).text();

    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const key = await importSPKI(pem, 'RS256');
    await expect(jwtVerify(tokens.access_token, key)).resolves.toBeDefined();
  });
});

describe('buildIdentityStub', () => {
  it('serves without listening, taking URLs from the Host header', async () => {
    const { app } = await buildIdentityStub({ logger: false });
    try {
      const response = await app.inject({
        url: '/organizations/v2.0/.well-known/openid-configuration',
        headers: { host: 'login.stub.test' },
      });
      expect(response.json().token_endpoint).toBe(
        'http://login.stub.test/organizations/oauth2/v2.0/token',
      );
    } finally {
      await app.close();
    }
  });

  it('uses issuerBaseUrl when given', async () => {
    const { app } = await buildIdentityStub({
      logger: false,
      issuerBaseUrl: 'https://login.example.test/',
    });
    try {
      const response = await app.inject({ url: '/common/v2.0/.well-known/openid-configuration' });
      expect(response.json().issuer).toBe('https://login.example.test/{tenantid}/v2.0');
    } finally {
      await app.close();
    }
  });

  it('rejects invalid options', async () => {
    await expect(buildIdentityStub({ accessTokenTtlSeconds: -1, logger: false })).rejects.toThrow();
  });
});

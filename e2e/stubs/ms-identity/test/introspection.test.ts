import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BAU_FIRMA_TID } from '../src/defaults.ts';
import type { RunningIdentityStub } from '../src/start.ts';
import { obtainTokens, readJson, startTestStub } from './helpers.ts';

const BECKER = 'becker@bau-firma.de';

let stub: RunningIdentityStub;

beforeAll(async () => {
  stub = await startTestStub({ padAccessTokenTo: 4096 });
});
afterAll(() => stub.close());
beforeEach(() => stub.controls.reset());

async function introspectByPost(token: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${stub.url}/_stub/introspect`, {
    method: 'POST',
    body: new URLSearchParams({ token }),
  });
  expect(response.status).toBe(200);
  return readJson(response);
}

async function introspectByBearer(token: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${stub.url}/_stub/introspect`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return readJson(response);
}

describe('introspection for the test mail servers', () => {
  it('reports a fresh access token active, with the claims Dovecot reads', async () => {
    const { access_token: token } = await obtainTokens(stub.url, BECKER);

    expect(await introspectByPost(token)).toMatchObject({
      active: true,
      email: BECKER,
      upn: BECKER,
      scope: 'SMTP.Send POP.AccessAsUser.All',
      scp: 'SMTP.Send POP.AccessAsUser.All',
      tid: BAU_FIRMA_TID,
      oid: '6e2b1f4a-8c3d-4e5f-9a7b-1c2d3e4f5a01',
      aud: 'https://outlook.office.com',
      exp: expect.any(Number),
    });
  });

  it("serves Dovecot's post, auth and get modes alike", async () => {
    const { access_token: token } = await obtainTokens(stub.url, BECKER);
    const byQuery = await fetch(`${stub.url}/_stub/introspect?token=${token}`);
    const byPath = await fetch(`${stub.url}/_stub/introspect/${token}`);

    expect((await introspectByBearer(token)).active).toBe(true);
    expect((await readJson(byQuery)).active).toBe(true);
    expect((await readJson(byPath)).active).toBe(true);
  });

  it('reports tokens inactive after revoke', async () => {
    const { access_token: token } = await obtainTokens(stub.url, BECKER);
    stub.controls.revoke(BECKER);

    expect(await introspectByPost(token)).toEqual({ active: false });
    expect(await introspectByBearer(token)).toEqual({ active: false });
  });

  it('reports tokens inactive after expireAccessTokens, and only that user', async () => {
    const becker = await obtainTokens(stub.url, BECKER);
    const mueller = await obtainTokens(stub.url, 'mueller@bau-firma.de');

    expect(stub.controls.expireAccessTokens(BECKER)).toBe(1);
    expect((await introspectByPost(becker.access_token)).active).toBe(false);
    expect((await introspectByPost(mueller.access_token)).active).toBe(true);
  });

  it('reports a token inactive once its exp has passed', async () => {
    const { access_token: token } = await obtainTokens(stub.url, BECKER);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 3601 * 1000 });
    try {
      expect((await introspectByPost(token)).active).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports garbage, ID tokens and foreign signatures inactive', async () => {
    const tokens = await obtainTokens(stub.url, BECKER);
    const other = await startTestStub();
    try {
      const foreign = await obtainTokens(other.url, BECKER);
      expect((await introspectByPost('kein.jwt.hier')).active).toBe(false);
      expect((await introspectByPost(tokens.id_token ?? '')).active).toBe(false);
      expect((await introspectByPost(foreign.access_token)).active).toBe(false);
      expect(await readJson(await fetch(`${stub.url}/_stub/introspect`))).toEqual({
        active: false,
      });
    } finally {
      await other.close();
    }
  });
});

describe('padded access tokens', () => {
  it('pads access tokens to 4096 characters and they still verify', async () => {
    const { access_token: token, id_token: idToken } = await obtainTokens(stub.url, BECKER);

    expect(token.length).toBe(4096);
    expect(idToken?.length).toBeLessThan(2000);
    expect((await introspectByBearer(token)).active).toBe(true);
  });
});

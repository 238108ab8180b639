import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, DEFAULT_PASSWORD } from '../src/defaults.ts';
import type { RunningIdentityStub } from '../src/start.ts';
import type { TokenResponse } from '../src/tokens/issue-tokens.ts';
import {
  buildAuthorizeUrl,
  createPkce,
  readJson,
  redeemCode,
  refreshTokens,
  signIn,
  signInAndConsent,
  startTestStub,
} from './helpers.ts';

const lines: string[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    lines.push(String(chunk));
    done();
  },
});

let stub: RunningIdentityStub;

beforeAll(async () => {
  stub = await startTestStub({ logger: { level: 'trace', stream: capture } });
});
afterAll(() => stub.close());

describe('logging', () => {
  it('never writes passwords, secrets, codes, state or tokens', async () => {
    const pkce = createPkce();
    const state = 'geheimer-state-4711';
    const nonce = 'geheime-nonce-0815';
    await signIn(stub.url, buildAuthorizeUrl(stub.url), 'becker@bau-firma.de', 'Falsch-4711');
    const callback = await signInAndConsent(stub.url, 'becker@bau-firma.de', {
      challenge: pkce.challenge,
      state,
      nonce,
    });
    const code = callback.searchParams.get('code') ?? '';
    const tokens = await readJson<TokenResponse>(await redeemCode(stub.url, code, pkce.verifier));
    const refreshToken = tokens.refresh_token ?? '';
    const refreshed = await readJson<TokenResponse>(await refreshTokens(stub.url, refreshToken));
    await refreshTokens(stub.url, refreshToken);
    await fetch(`${stub.url}/_stub/introspect/${refreshed.access_token}`);
    await fetch(`${stub.url}/_stub/introspect?token=${refreshed.access_token}`);

    const log = lines.join('');
    expect(log).toContain('tokens issued');
    for (const secret of [
      DEFAULT_PASSWORD,
      'Falsch-4711',
      DEFAULT_CLIENT.clientSecret,
      code,
      state,
      nonce,
      pkce.verifier,
      tokens.access_token,
      refreshToken,
      tokens.id_token,
      refreshed.access_token,
      refreshed.refresh_token,
    ]) {
      expect(secret).toBeTruthy();
      expect(log).not.toContain(secret);
    }
  });
});

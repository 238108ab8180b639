import { ACCESS_TOKEN_PURPOSE, parseKeyring, REFRESH_TOKEN_PURPOSE, SecretBox } from '@postwerk/db';
import { redeemRefreshToken } from '@postwerk/ms-identity-stub';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from './helpers/browser-session.ts';
import { openCallback, signInAtStandIn, startLink } from './helpers/microsoft-browser.ts';
import { createMicrosoftFixture, type MicrosoftFixture } from './helpers/microsoft-fixture.ts';

describe('Microsoft account linking', () => {
  let f: MicrosoftFixture;

  beforeAll(async () => {
    f = await createMicrosoftFixture();
  });
  afterAll(() => f.close());

  it('links a mailbox through the whole redirect flow and never reveals the tokens', async () => {
    const mailboxId = await f.createMailbox('BECKER', 'becker@bau-firma.de');
    // Every answer the API gives in this flow, headers included (redirects carry URLs).
    const answers: string[] = [];
    const call = async (options: InjectOptions) => {
      const response = await f.admin.request(options);
      answers.push(JSON.stringify(response.headers), response.body);
      return response;
    };
    const start = await call({ method: 'GET', url: `/api/mailboxes/${mailboxId}/microsoft/start` });
    const authorizeUrl = new URL(start.headers.location as string);

    expect(authorizeUrl.pathname).toBe('/organizations/oauth2/v2.0/authorize');
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('prompt')).toBe('select_account');
    expect(authorizeUrl.searchParams.get('scope')).toContain(
      'https://outlook.office.com/SMTP.Send',
    );

    const callback = await signInAtStandIn(authorizeUrl.toString(), 'becker@bau-firma.de');
    const answer = await call({ method: 'GET', url: `${callback.pathname}${callback.search}` });
    const landing = new URL(answer.headers.location as string);
    expect(landing.pathname).toBe(`/postfaecher/${mailboxId}`);
    expect(landing.searchParams.get('microsoft')).toBe('linked');

    const link = await f.t.prisma.microsoftAccountLink.findUniqueOrThrow({ where: { mailboxId } });
    expect(link).toMatchObject({
      upn: 'becker@bau-firma.de',
      status: 'ACTIVE',
      identityMismatch: false,
    });
    expect(link.refreshTokenCipher).toMatch(/^v1\./);
    expect(link.accessTokenCipher).toMatch(/^v1\./);

    // The plaintexts behind the ciphertexts are the live tokens the stand-in issued.
    const box = new SecretBox(parseKeyring(f.t.env.SECRETS_KEYRING));
    const context = { tenantId: f.tenant.tenantId };
    const refreshToken = box.decrypt(link.refreshTokenCipher, {
      ...context,
      purpose: REFRESH_TOKEN_PURPOSE,
    });
    const accessToken = box.decrypt(link.accessTokenCipher as string, {
      ...context,
      purpose: ACCESS_TOKEN_PURPOSE,
    });
    expect(await introspect(f, accessToken)).toMatchObject({
      active: true,
      email: 'becker@bau-firma.de',
    });

    const mailbox = await call({ method: 'GET', url: `/api/mailboxes/${mailboxId}` });
    expect(mailbox.json().microsoftAccount).toMatchObject({ upn: 'becker@bau-firma.de' });
    await call({ method: 'GET', url: '/api/mailboxes' });
    await call({ method: 'GET', url: '/api/audit-events' });

    const logs = f.t.logs.join('\n');
    expect(logs).toContain('microsoft account linked');
    const secrets = {
      refreshToken,
      accessToken,
      // A JWT's signature alone would also be a leak of the token's unique part.
      accessTokenSignature: accessToken.split('.')[2] as string,
      refreshTokenCipher: link.refreshTokenCipher,
      code: callback.searchParams.get('code') as string,
    };
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThan(20);
      for (const body of answers) {
        expect(body.includes(secret), `${name} in an API answer`).toBe(false);
      }
      expect(logs.includes(secret), `${name} in the API log`).toBe(false);
    }
    // The state travels in the authorize URL by design, but is never logged.
    expect(logs).not.toContain(callback.searchParams.get('state') as string);
    // Still redeemable after all that: the refresh token checked above is the live one.
    expect((await redeemRefreshToken(f.stub.url, refreshToken)).status).toBe(200);
  });

  it('refuses a replayed state and stores nothing new', async () => {
    const mailboxId = await f.createMailbox('REPLAY', 'replay@bau-firma.de');
    const callback = await signInAtStandIn(
      await startLink(f.admin, mailboxId),
      'becker@bau-firma.de',
    );
    await openCallback(f.t.app, callback, f.admin);
    const before = await f.t.prisma.microsoftAccountLink.findUniqueOrThrow({
      where: { mailboxId },
    });

    const replay = await openCallback(f.t.app, callback, f.admin);

    expect(replay.searchParams.get('reason')).toBe('STATE_REPLAYED');
    const after = await f.t.prisma.microsoftAccountLink.findUniqueOrThrow({ where: { mailboxId } });
    expect(after.updatedAt).toEqual(before.updatedAt);
  });

  it('refuses a state started in another browser session', async () => {
    const mailboxId = await f.createMailbox('FOREIGN', 'foreign@bau-firma.de');
    const callback = await signInAtStandIn(
      await startLink(f.admin, mailboxId),
      'becker@bau-firma.de',
    );
    const otherBrowser = await BrowserSession.signedIn(
      f.t.app,
      f.tenant.adminEmail,
      f.tenant.adminPassword,
    );

    const landing = await openCallback(f.t.app, callback, otherBrowser);

    expect(landing.searchParams.get('reason')).toBe('STATE_SESSION_MISMATCH');
    expect(await f.t.prisma.microsoftAccountLink.count({ where: { mailboxId } })).toBe(0);
  });

  it('refuses a reused authorization code', async () => {
    const mailboxId = await f.createMailbox('REUSE', 'reuse@bau-firma.de');
    const first = await signInAtStandIn(await startLink(f.admin, mailboxId), 'becker@bau-firma.de');
    await openCallback(f.t.app, first, f.admin);
    await f.t.prisma.microsoftAccountLink.deleteMany({ where: { mailboxId } });

    const second = new URL(await startLink(f.admin, mailboxId));
    const forged = new URL(first);
    forged.searchParams.set('state', second.searchParams.get('state') as string);
    const landing = await openCallback(f.t.app, forged, f.admin);

    expect(landing.searchParams.get('reason')).toBe('AADSTS54005');
    expect(await f.t.prisma.microsoftAccountLink.count({ where: { mailboxId } })).toBe(0);
  });

  it('refuses a code redeemed with the wrong PKCE verifier', async () => {
    const mailboxId = await f.createMailbox('PKCE', 'pkce@bau-firma.de');
    const authorize = new URL(await startLink(f.admin, mailboxId));
    // The code was issued for another challenge than the verifier stored for this state.
    authorize.searchParams.set('code_challenge', 'A'.repeat(43));
    const callback = await signInAtStandIn(authorize.toString(), 'becker@bau-firma.de');

    const landing = await openCallback(f.t.app, callback, f.admin);

    // AADSTS501481: the code verifier does not match the code challenge of the authorize request.
    expect(landing.searchParams.get('reason')).toBe('AADSTS501481');
    expect(await f.t.prisma.microsoftAccountLink.count({ where: { mailboxId } })).toBe(0);
  });

  it('refuses an ID token whose nonce does not match the request', async () => {
    const mailboxId = await f.createMailbox('NONCE', 'nonce@bau-firma.de');
    const authorize = new URL(await startLink(f.admin, mailboxId));
    authorize.searchParams.set('nonce', 'a-nonce-we-never-sent');
    const callback = await signInAtStandIn(authorize.toString(), 'becker@bau-firma.de');

    const landing = await openCallback(f.t.app, callback, f.admin);

    expect(landing.searchParams.get('reason')).toBe('ID_TOKEN_INVALID');
    expect(await f.t.prisma.microsoftAccountLink.count({ where: { mailboxId } })).toBe(0);
  });

  it('reports denied consent and stores nothing', async () => {
    const mailboxId = await f.createMailbox('DENIED', 'denied@bau-firma.de');
    const callback = await signInAtStandIn(
      await startLink(f.admin, mailboxId),
      'becker@bau-firma.de',
      'cancel',
    );

    const landing = await openCallback(f.t.app, callback, f.admin);

    expect(landing.pathname).toBe(`/postfaecher/${mailboxId}`);
    expect(landing.searchParams.get('microsoft')).toBe('error');
    expect(landing.searchParams.get('reason')).toMatch(/^AADSTS65004|access_denied/);
    expect(await f.t.prisma.microsoftAccountLink.count({ where: { mailboxId } })).toBe(0);
  });

  it('keeps a link made with another account but flags the mismatch', async () => {
    const mailboxId = await f.createMailbox('MISMATCH', 'mismatch@bau-firma.de');
    const callback = await signInAtStandIn(
      await startLink(f.admin, mailboxId),
      'admin@bau-firma.de',
    );
    await openCallback(f.t.app, callback, f.admin);

    const mailbox = await f.admin.request({ method: 'GET', url: `/api/mailboxes/${mailboxId}` });

    expect(mailbox.json().microsoftAccount).toMatchObject({
      upn: 'admin@bau-firma.de',
      identityMismatch: true,
    });
  });

  it('tells the card who signed in for a public mailbox linked to a delegate account', async () => {
    const mailboxId = await f.createMailbox('ZENTRALE', 'zentrale@bau-firma.de');
    await f.t.prisma.mailbox.update({ where: { id: mailboxId }, data: { kind: 'PUBLIC' } });
    const callback = await signInAtStandIn(
      await startLink(f.admin, mailboxId),
      'info@bau-firma.de',
    );
    await openCallback(f.t.app, callback, f.admin);

    const mailbox = await f.admin.request({ method: 'GET', url: `/api/mailboxes/${mailboxId}` });

    // All the card needs to say "info@ is signed in for zentrale@ (delegate)", and no more.
    expect(mailbox.json()).toMatchObject({
      kind: 'PUBLIC',
      externalAddress: 'zentrale@bau-firma.de',
      microsoftAccount: {
        upn: 'info@bau-firma.de',
        email: 'info@bau-firma.de',
        status: 'ACTIVE',
        identityMismatch: true,
      },
    });
    expect(Object.keys(mailbox.json().microsoftAccount).sort()).toEqual([
      'deadCode',
      'email',
      'identityMismatch',
      'linkedAt',
      'status',
      'upn',
    ]);
  });

  it('removes the account with its tokens and then asks for a sign-in', async () => {
    const mailboxId = await f.createMailbox('REMOVE', 'remove@bau-firma.de');
    const callback = await signInAtStandIn(
      await startLink(f.admin, mailboxId),
      'becker@bau-firma.de',
    );
    await openCallback(f.t.app, callback, f.admin);

    const removed = await f.admin.request({
      method: 'DELETE',
      url: `/api/mailboxes/${mailboxId}/microsoft`,
    });

    expect(removed.statusCode).toBe(204);
    expect(await f.t.prisma.microsoftAccountLink.count({ where: { mailboxId } })).toBe(0);
    const mailbox = await f.admin.request({ method: 'GET', url: `/api/mailboxes/${mailboxId}` });
    expect(mailbox.json()).toMatchObject({ microsoftAccount: null, status: 'SIGN_IN_REQUIRED' });
    // The audit log names mailbox and account without looking anything up.
    const events = await f.t.prisma.auditEvent.findMany({
      where: { targetId: mailboxId },
      orderBy: { createdAt: 'asc' },
    });
    expect(events.map((event) => [event.action, event.details])).toEqual([
      [
        'microsoft.linked',
        expect.objectContaining({ mailboxCode: 'REMOVE', upn: expect.any(String) }),
      ],
      ['microsoft.unlinked', { mailboxCode: 'REMOVE', upn: expect.any(String) }],
    ]);
  });
});

function introspect(f: MicrosoftFixture, token: string): Promise<Record<string, unknown>> {
  return fetch(`${f.stub.url}/_stub/introspect`, {
    method: 'POST',
    body: new URLSearchParams({ token }),
  }).then((response) => response.json() as Promise<Record<string, unknown>>);
}

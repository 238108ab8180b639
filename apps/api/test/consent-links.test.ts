import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAtStandIn } from './helpers/microsoft-browser.ts';
import { createMicrosoftFixture, type MicrosoftFixture } from './helpers/microsoft-fixture.ts';

describe('employee consent links', () => {
  let f: MicrosoftFixture;

  beforeAll(async () => {
    f = await createMicrosoftFixture();
  });
  afterAll(() => f.close());

  async function createConsentLink(mailboxId: string): Promise<string> {
    const response = await f.admin.request({
      method: 'POST',
      url: `/api/mailboxes/${mailboxId}/consent-links`,
    });
    expect(response.statusCode).toBe(201);
    return response.json().url;
  }

  /** The employee's browser: no portal session, only the link. */
  async function openAsEmployee(url: string): Promise<URL> {
    const response = await f.t.app.inject({ method: 'GET', url: new URL(url).pathname });
    return new URL(response.headers.location as string);
  }

  it('links the mailbox once, then says the link was used', async () => {
    const mailboxId = await f.createMailbox('EMPLOYEE', 'employee@bau-firma.de');
    const url = await createConsentLink(mailboxId);

    const authorize = await openAsEmployee(url);
    expect(authorize.pathname).toBe('/organizations/oauth2/v2.0/authorize');
    const callback = await signInAtStandIn(authorize.toString(), 'becker@bau-firma.de');
    const done = await f.t.app.inject({
      method: 'GET',
      url: `${callback.pathname}${callback.search}`,
    });

    expect(done.headers.location).toContain('/einwilligung/ergebnis?status=linked');
    expect(await f.t.prisma.microsoftAccountLink.count({ where: { mailboxId } })).toBe(1);
    const second = await openAsEmployee(url);
    expect(second.search).toBe('?status=used');

    const listed = await f.admin.request({
      method: 'GET',
      url: `/api/mailboxes/${mailboxId}/consent-links`,
    });
    expect(listed.json()).toEqual([expect.objectContaining({ state: 'USED' })]);
  });

  it('tells an employee signed in with another account which one, and which was expected', async () => {
    const mailboxId = await f.createMailbox('OTHER', 'other@bau-firma.de');
    const url = await createConsentLink(mailboxId);

    const authorize = await openAsEmployee(url);
    const callback = await signInAtStandIn(authorize.toString(), 'admin@bau-firma.de');
    const done = await f.t.app.inject({
      method: 'GET',
      url: `${callback.pathname}${callback.search}`,
    });

    const result = new URL(done.headers.location as string);
    expect(result.pathname).toBe('/einwilligung/ergebnis');
    expect(Object.fromEntries(result.searchParams)).toEqual({
      status: 'linked-other-account',
      account: 'admin@bau-firma.de',
      expected: 'other@bau-firma.de',
    });
    expect((await openAsEmployee(url)).search).toBe('?status=used');
  });

  it('says an expired link expired', async () => {
    const mailboxId = await f.createMailbox('EXPIRED', 'expired@bau-firma.de');
    const url = await createConsentLink(mailboxId);
    await f.t.prisma.consentLink.updateMany({
      where: { mailboxId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    const opened = await openAsEmployee(url);

    expect(opened.pathname).toBe('/einwilligung/ergebnis');
    expect(opened.search).toBe('?status=expired');
  });

  it('stops working once the admin revokes it', async () => {
    const mailboxId = await f.createMailbox('REVOKED', 'revoked@bau-firma.de');
    const url = await createConsentLink(mailboxId);
    const [link] = (
      await f.admin.request({ method: 'GET', url: `/api/mailboxes/${mailboxId}/consent-links` })
    ).json();

    const revoked = await f.admin.request({
      method: 'DELETE',
      url: `/api/mailboxes/${mailboxId}/consent-links/${link.id}`,
    });

    expect(revoked.statusCode).toBe(204);
    expect((await openAsEmployee(url)).search).toBe('?status=revoked');
  });

  it('sends a link cut short or padded to the "no longer valid" page, not a JSON error', async () => {
    const mailboxId = await f.createMailbox('CUT', 'cut@bau-firma.de');
    const url = await createConsentLink(mailboxId);

    const cut = await openAsEmployee(url.slice(0, url.length - 30));
    const padded = await openAsEmployee(`${url}${'x'.repeat(30)}`);

    for (const opened of [cut, padded]) {
      expect(opened.pathname).toBe('/einwilligung/ergebnis');
      expect(opened.search).toBe('?status=revoked');
    }
  });

  it('keeps the token out of the database and the logs', async () => {
    const mailboxId = await f.createMailbox('SECRET', 'secret@bau-firma.de');
    const url = await createConsentLink(mailboxId);
    const token = new URL(url).pathname.split('/').pop() as string;
    await openAsEmployee(url);

    const rows = await f.t.prisma.consentLink.findMany({ where: { mailboxId } });
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(f.t.logs.join('\n')).not.toContain(token);
  });
});

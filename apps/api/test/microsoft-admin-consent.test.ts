import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCallback, signInAtStandIn, startLink } from './helpers/microsoft-browser.ts';
import {
  CALLBACK_URL,
  createMicrosoftFixture,
  type MicrosoftFixture,
} from './helpers/microsoft-fixture.ts';

const BAU_FIRMA_TID = '3c5f8e2a-7b14-4d6e-9a21-0f8b6c4d2e91';

// A Microsoft 365 organisation where only administrators may consent: the firm admin's
// sign-in fails with AADSTS90094, the portal hands out the admin-consent link, the Microsoft
// 365 administrator consents through it, and the next sign-in links the mailbox.
describe('Microsoft admin consent', () => {
  let f: MicrosoftFixture;

  beforeAll(async () => {
    f = await createMicrosoftFixture();
  });
  afterAll(() => f.close());

  it('serves the admin-consent link built from the configuration, without a sign-in', async () => {
    const response = await f.t.app.inject({
      method: 'GET',
      url: '/api/microsoft/admin-consent-url',
    });

    expect(response.statusCode).toBe(200);
    const url = new URL(response.json().url);
    expect(`${url.origin}${url.pathname}`).toBe(`${f.stub.url}/organizations/v2.0/adminconsent`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'postwerk-local',
      scope: expect.stringContaining('https://outlook.office.com/POP.AccessAsUser.All'),
      redirect_uri: CALLBACK_URL,
      state: 'admin-consent',
    });
  });

  it('links after the organisation’s administrator consented through the link', async () => {
    f.stub.controls.requireAdminConsent('bau-firma.de');
    const mailboxId = await f.createMailbox('CONSENTED', 'becker@bau-firma.de');

    const refused = await signInAtStandIn(
      await startLink(f.admin, mailboxId),
      'becker@bau-firma.de',
    );
    const refusedLanding = await openCallback(f.t.app, refused, f.admin);
    expect(refusedLanding.searchParams.get('reason')).toBe('AADSTS90094');
    expect(await f.t.prisma.microsoftAccountLink.count({ where: { mailboxId } })).toBe(0);

    const { url } = (await f.t.app.inject({ url: '/api/microsoft/admin-consent-url' })).json();
    const answer = await signInAtStandIn(url, 'admin@bau-firma.de');
    expect(answer.searchParams.get('admin_consent')).toBe('True');
    // The administrator has no portal session: the answer lands on a public result page.
    const result = await openCallback(f.t.app, answer);
    expect(result.pathname).toBe('/einwilligung/ergebnis');
    expect(result.searchParams.get('status')).toBe('admin-consented');
    expect(f.stub.controls.adminConsents()).toEqual([
      expect.objectContaining({ tid: BAU_FIRMA_TID, clientId: 'postwerk-local' }),
    ]);

    const again = await signInAtStandIn(await startLink(f.admin, mailboxId), 'becker@bau-firma.de');
    const linked = await openCallback(f.t.app, again, f.admin);
    expect(linked.searchParams.get('microsoft')).toBe('linked');
    expect(f.t.logs.join('\n')).toContain('microsoft admin consent granted');
  });

  it('says why when someone who is no administrator opens the link', async () => {
    const { url } = (await f.t.app.inject({ url: '/api/microsoft/admin-consent-url' })).json();

    const answer = await signInAtStandIn(url, 'mueller@bau-firma.de');
    const result = await openCallback(f.t.app, answer);

    expect(result.pathname).toBe('/einwilligung/ergebnis');
    expect(result.searchParams.get('status')).toBe('admin-consent-error');
    expect(result.searchParams.get('reason')).toBe('AADSTS90094');
  });
});

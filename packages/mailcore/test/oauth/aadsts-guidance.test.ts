import { describe, expect, it } from 'vitest';
import {
  buildAdminConsentUrl,
  GUIDED_AADSTS_CODES,
  guidanceForAadsts,
  guidanceForStoredCode,
  type MicrosoftIdentityConfig,
  parseAadstsCodes,
} from '../../src/index.ts';

const CONFIG: MicrosoftIdentityConfig = {
  authorityUrl: 'https://login.microsoftonline.com/',
  tenant: 'organizations',
  clientId: '00001111-aaaa-2222-bbbb-3333cccc4444',
  clientSecret: 'not-used-here',
  redirectUri: 'https://portal.example/api/auth/microsoft/callback',
};

// The German sentence each code of the issue must produce: what happened, then what to do.
const EXPECTED: Array<[number, string, string]> = [
  [65001, 'Einwilligung für Postwerk fehlt', 'stimmen Sie zu'],
  [90094, 'nur ein Administrator', 'globalen Administrator'],
  [50076, 'mehrstufige Authentifizierung', 'zweiten Faktor'],
  [70008, 'Anmeldecode oder das Aktualisierungstoken ist abgelaufen', '[Anmelden]'],
  [700082, '90 Tage nicht verwendet', '[Anmelden]'],
  [50173, 'Kennwort geändert', '[Anmelden]'],
  [50194, 'nur für einen bestimmten Mandanten', 'MS_TENANT'],
];

// Microsoft's error_description shape: the AADSTS line, then trace lines.
function describeError(code: number): string {
  return `AADSTS${code}: Some English text.\r\nTrace ID: 1\r\nCorrelation ID: 2\r\nTimestamp: x`;
}

describe('German guidance for Microsoft errors', () => {
  const generic = guidanceForAadsts([]);

  it.each(EXPECTED)('AADSTS%i says what happened and what to do', (code, what, todo) => {
    const guidance = guidanceForAadsts(parseAadstsCodes(describeError(code)));

    expect(guidance.code).toBe(code);
    expect(guidance.messageDe).toContain(what);
    expect(guidance.actionDe).toContain(todo);
    expect(guidance.messageDe).not.toBe(generic.messageDe);
  });

  it('gives every code of the issue a sentence of its own', () => {
    const codes = EXPECTED.map(([code]) => code);
    const messages = codes.map((code) => guidanceForAadsts([code]).messageDe);

    expect(GUIDED_AADSTS_CODES).toEqual(expect.arrayContaining(codes));
    expect(new Set(messages).size).toBe(codes.length);
  });

  it.each([65001, 90094])('hands over the admin-consent link for AADSTS%i', (code) => {
    const url = buildAdminConsentUrl(CONFIG);

    const guidance = guidanceForAadsts([code], { adminConsentUrl: url });

    expect(guidance.adminConsentUrl).toBe(url);
    expect(guidance.actionDe).toContain(`Administratoreinwilligung für Ihren `);
    expect(guidance.actionDe.endsWith(url)).toBe(true);
  });

  it('puts no admin-consent link where a sign-in is the cure', () => {
    const url = buildAdminConsentUrl(CONFIG);
    for (const code of [50076, 70008, 700082, 50173, 50194]) {
      const guidance = guidanceForAadsts([code], { adminConsentUrl: url });
      expect(guidance.adminConsentUrl).toBeUndefined();
      expect(guidance.actionDe).not.toContain(url);
    }
  });

  it('falls back to the generic text only for codes it does not know', () => {
    expect(guidanceForAadsts([9_999_999]).messageDe).toBe(generic.messageDe);
    expect(guidanceForAadsts([9_999_999, 50173]).code).toBe(50173);
  });

  it('explains a stored dead code again, with the link where it helps', () => {
    const url = buildAdminConsentUrl(CONFIG);

    expect(guidanceForStoredCode('AADSTS700082').messageDe).toContain('90 Tage');
    expect(guidanceForStoredCode('AADSTS65001', { adminConsentUrl: url }).actionDe).toContain(url);
    expect(guidanceForStoredCode(null).messageDe).toBe(generic.messageDe);
  });
});

describe('admin-consent link', () => {
  it('follows Microsoft identity platform v2: /{tenant}/v2.0/adminconsent with four parameters', () => {
    const url = new URL(buildAdminConsentUrl(CONFIG));

    expect(url.origin + url.pathname).toBe(
      'https://login.microsoftonline.com/organizations/v2.0/adminconsent',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: CONFIG.clientId,
      scope:
        'https://outlook.office.com/SMTP.Send https://outlook.office.com/POP.AccessAsUser.All ' +
        'offline_access openid email profile',
      redirect_uri: CONFIG.redirectUri,
      state: 'admin-consent',
    });
  });

  it('keeps a tenant id and turns common into organizations', () => {
    const tid = '3c5f8e2a-7b14-4d6e-9a21-0f8b6c4d2e91';
    const forTenant = new URL(buildAdminConsentUrl({ ...CONFIG, tenant: tid }));
    const forCommon = new URL(buildAdminConsentUrl({ ...CONFIG, tenant: 'common' }));

    expect(forTenant.pathname).toBe(`/${tid}/v2.0/adminconsent`);
    expect(forCommon.pathname).toBe('/organizations/v2.0/adminconsent');
  });
});

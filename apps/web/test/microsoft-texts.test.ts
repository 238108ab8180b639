import { describe, expect, it } from 'vitest';
import { needsAdminConsent, toDeadLinkKey, toReasonKey } from '../lib/microsoft-reasons.ts';
import de from '../messages/de.json' with { type: 'json' };
import en from '../messages/en.json' with { type: 'json' };

// The Microsoft errors an admin meets (see the stand-in's catalogue and PRODUCT.md): each
// must get its own words in the portal, never the generic "something went wrong" text.
const CODES = [65001, 90094, 50076, 70008, 700082, 50173, 50194].map((code) => `AADSTS${code}`);

type Messages = typeof de;
const LANGUAGES: Array<[string, Messages]> = [
  ['de', de],
  ['en', en as Messages],
];

describe.each(LANGUAGES)('Microsoft texts (%s)', (_language, messages) => {
  const reasons = messages.microsoftReasons as Record<string, { what: string; todo: string }>;
  const dead = messages.microsoftLinkDead as Record<string, string>;

  it.each(CODES)('explains a refused sign-in with %s in its own words', (code) => {
    const key = toReasonKey(code, (candidate) => candidate in reasons);

    expect(key).not.toBe('fallback');
    expect(reasons[key]?.what).toBeTruthy();
    expect(reasons[key]?.todo).not.toBe(reasons.fallback?.todo);
  });

  it.each(CODES)('explains a link that died with %s in its own words', (code) => {
    const key = toDeadLinkKey(code, (candidate) => candidate in dead);

    expect(key).toBe(code);
    expect(dead[key]).not.toBe(dead.fallback);
  });

  it('gives every code a text different from every other code', () => {
    const texts = CODES.map((code) => dead[code]);
    expect(new Set(texts).size).toBe(CODES.length);
  });
});

describe('admin-consent link', () => {
  it('is offered exactly for the codes only an administrator can cure', () => {
    const offered = CODES.filter((code) => needsAdminConsent(code));

    expect(offered).toEqual(['AADSTS65001', 'AADSTS90094']);
    expect(needsAdminConsent('consent_required')).toBe(true);
    expect(needsAdminConsent(null)).toBe(false);
  });

  it('names the link in the German guidance for both codes', () => {
    expect(de.microsoftReasons.AADSTS65001.todo).toContain('Administratoreinwilligung');
    expect(de.microsoftReasons.AADSTS90094.todo).toContain('Administratoreinwilligung');
    expect(de.microsoftLinkDead.AADSTS65001).toContain('Administratoreinwilligung');
    expect(de.microsoftLinkDead.AADSTS90094).toContain('Administratoreinwilligung');
    expect(de.consentResult.reasons.AADSTS90094).toContain('Administratoreinwilligung');
  });
});

describe('identity mismatch', () => {
  it.each(LANGUAGES)('names the account and what it needs (%s)', (_language, messages) => {
    const { mismatch, mismatchDelegate } = messages.mailboxCard.microsoft;
    for (const text of [mismatch, mismatchDelegate]) {
      expect(text).toContain('{account}');
      expect(text).toContain('{address}');
    }
  });

  it('says "Senden als" and Vollzugriff in German', () => {
    const { mismatch, mismatchDelegate } = de.mailboxCard.microsoft;
    for (const text of [mismatch, mismatchDelegate, de.overview.attention.identityMismatch]) {
      expect(text).toContain('„Senden als“');
      expect(text).toContain('Vollzugriff');
    }
  });
});

import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../packages/contracts/src/error-codes.ts';
import { FIELD_ISSUE_CODES } from '../../api/src/plugins/validation-issues.ts';
import de from '../messages/de.json' with { type: 'json' };
import en from '../messages/en.json' with { type: 'json' };

// The portal words the API's codes itself (fallback: the API's German sentence). A code
// without a text would show German in the English portal, so every one needs both.
type Messages = typeof de;
const LANGUAGES: Array<['de' | 'en', Messages]> = [
  ['de', de],
  ['en', en as Messages],
];

// Every placeholder any of these texts names, with a sample value.
const VALUES = {
  minimum: '3',
  maximum: '100',
  options: 'EMPLOYEE, PUBLIC',
  keys: 'x',
  expected: 'TLS',
  port: '587',
  alternative: '465',
  domain: 'bau firma',
  count: 2,
  mailboxes: 'BECKER, INFO',
  kind: 'INCOMING',
};

describe.each(LANGUAGES)('API error texts (%s)', (locale, messages) => {
  const errors: string[] = [];
  const t = createTranslator({
    locale,
    messages,
    onError: (error) => errors.push(error.message),
  });

  it('has a text for every error code the API can answer with', () => {
    for (const code of Object.keys(ERROR_CODES)) {
      expect(t.has(`apiErrors.${code}` as never), code).toBe(true);
    }
  });

  it('has a text for every generic field issue code', () => {
    for (const code of FIELD_ISSUE_CODES) {
      expect(t.has(`fieldIssues.${code}` as never), code).toBe(true);
    }
  });

  it('formats every text without a missing value or a syntax error', () => {
    for (const group of ['apiErrors', 'fieldIssues', 'errorCodes'] as const) {
      for (const key of Object.keys(messages[group])) {
        expect(t(`${group}.${key}` as never, VALUES as never)).not.toContain('{');
      }
    }
    expect(errors).toEqual([]);
  });

  it('says how many mailboxes still use a server, in the right number', () => {
    const one = t('apiErrors.SERVER_IN_USE' as never, { count: 1, mailboxes: 'BECKER' } as never);
    const two = t('apiErrors.SERVER_IN_USE' as never, VALUES as never);
    expect(one).toContain('BECKER');
    expect(two).toContain('2');
    expect(two).toContain('BECKER, INFO');
    expect(one).not.toMatch(/Postfach\/|\(s\)|\(e\)n/);
  });
});

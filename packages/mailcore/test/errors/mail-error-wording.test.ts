import { describe, expect, it } from 'vitest';
import { classifyMailError } from '../../src/errors/index.ts';
import { MAIL_ERROR_CODES } from '../../src/errors/mail-error-codes.ts';
import { renderMailErrorText } from '../../src/errors/mail-error-texts.ts';

// What the admin reads: no "wird automatisch wiederholt" after a test started by hand, the
// codes Microsoft really answers with, and the portal's word "Kennwort" throughout.
describe('mail error wording', () => {
  const greetingTimeout = Object.assign(new Error('Greeting never received'), {
    code: 'ETIMEDOUT',
    timeoutType: 'GREETING_TIMEOUT',
  });

  it('promises an automatic retry only where one happens', () => {
    const context = { protocol: 'SMTP', port: 587, security: 'STARTTLS' } as const;

    const inJob = classifyMailError(greetingTimeout, context);
    const inTest = classifyMailError(greetingTimeout, { ...context, manualTest: true });

    expect(inJob.code).toBe('GREETING_TIMEOUT');
    expect(inJob.actionDe).toContain('automatisch wiederholt');
    expect(inTest.code).toBe('GREETING_TIMEOUT');
    expect(inTest.actionDe).not.toContain('automatisch');
    expect(inTest.actionDe).toContain('Starten Sie den Test in einigen Minuten erneut.');
  });

  it('names both replies Microsoft gives for a refused "Senden als"', () => {
    const text = renderMailErrorText('SMTP_SENDER_NOT_ALLOWED', { protocol: 'SMTP' });

    expect(text.messageDe).toContain('5.2.252 „SendAsDenied“');
    expect(text.messageDe).toContain('5.7.60');
  });

  it('says "Kennwort", never "Passwort", and fills every placeholder', () => {
    for (const code of MAIL_ERROR_CODES) {
      for (const manualTest of [false, true]) {
        for (const authType of ['password', 'oauth2'] as const) {
          const text = renderMailErrorText(code, { protocol: 'POP3', authType, manualTest });
          const words = `${text.messageDe} ${text.actionDe}`;
          expect(words).not.toContain('Passwort');
          expect(words).not.toMatch(/\{\w+\}/);
        }
      }
    }
  });
});

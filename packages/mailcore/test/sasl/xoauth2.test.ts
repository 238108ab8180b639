import { describe, expect, it } from 'vitest';
import { buildXoauth2String, decodeXoauth2Challenge } from '../../src/sasl/xoauth2.ts';

describe('buildXoauth2String', () => {
  it('encodes user, bearer token and the \\x01 separators in base64', () => {
    const encoded = buildXoauth2String('becker@bau-firma.de', 'ya29.token');

    expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe(
      'user=becker@bau-firma.de\x01auth=Bearer ya29.token\x01\x01',
    );
  });

  it('matches the example from Google’s XOAUTH2 documentation', () => {
    const encoded = buildXoauth2String(
      'someuser@example.com',
      'ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg',
    );

    expect(encoded).toBe(
      'dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==',
    );
  });

  it('refuses control characters and empty values', () => {
    expect(() => buildXoauth2String('a\x01b', 't')).toThrow(TypeError);
    expect(() => buildXoauth2String('a', 't\r\n')).toThrow(TypeError);
    expect(() => buildXoauth2String('', 't')).toThrow(TypeError);
  });
});

describe('decodeXoauth2Challenge', () => {
  it('decodes Microsoft’s JSON challenge', () => {
    const json =
      '{"status":"401","schemes":"bearer","scope":"https://outlook.office.com/SMTP.Send"}';

    const challenge = decodeXoauth2Challenge(Buffer.from(json).toString('base64'));

    expect(challenge).toEqual({
      status: '401',
      schemes: 'bearer',
      scope: 'https://outlook.office.com/SMTP.Send',
      raw: json,
    });
  });

  it('accepts a numeric status', () => {
    const challenge = decodeXoauth2Challenge(Buffer.from('{"status":400}').toString('base64'));

    expect(challenge?.status).toBe('400');
  });

  it('returns undefined for a payload that is not a JSON object', () => {
    expect(decodeXoauth2Challenge(Buffer.from('not json').toString('base64'))).toBeUndefined();
    expect(decodeXoauth2Challenge('')).toBeUndefined();
    expect(decodeXoauth2Challenge(Buffer.from('[1]').toString('base64'))).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { buildXoauth2String } from '../../src/sasl/xoauth2.ts';
import { createSessionRedactor, redactProtocolLine } from '../../src/session-log/index.ts';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiZWNrZXIifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV';

describe('redactProtocolLine', () => {
  it.each([
    ['AUTH XOAUTH2 dXNlcj1iZWNrZXIBYXV0aD1CZWFyZXIgeHl6AQE=', 'AUTH XOAUTH2 [redacted]'],
    ['AUTH PLAIN AGJlY2tlcgBnZWhlaW0=', 'AUTH PLAIN [redacted]'],
    ['auth login YmVja2Vy', 'auth login [redacted]'],
    ['PASS Grüße§€', 'PASS [redacted]'],
    ['PASS with spaces in it', 'PASS [redacted]'],
    ['dXNlcj1iZWNrZXJAYmF1LWZpcm1hLmRlAWF1dGg9QmVhcmVy', '[redacted]'],
  ])('masks the client line %j', (line, expected) => {
    expect(redactProtocolLine(line, { direction: 'client' })).toBe(expected);
  });

  it.each(['AUTH XOAUTH2', 'AUTH LOGIN', 'USER becker@bau-firma.de', 'RETR 1', 'QUIT', 'STLS'])(
    'keeps %j unchanged',
    (line) => {
      expect(redactProtocolLine(line, { direction: 'client' })).toBe(line);
    },
  );

  it('masks every client line inside a SASL exchange except "" and "*"', () => {
    const context = { direction: 'client' as const, inAuthExchange: true };

    expect(redactProtocolLine('YmVja2Vy', context)).toBe('[redacted]');
    expect(redactProtocolLine('', context)).toBe('');
    expect(redactProtocolLine('*', context)).toBe('*');
  });

  it('masks bearer tokens and JWTs in any direction', () => {
    const line = `-ERR token Bearer ${JWT} refused, also ${JWT}`;

    const masked = redactProtocolLine(line, { direction: 'server' });

    expect(masked).toBe('-ERR token Bearer [redacted] refused, also [redacted]');
  });

  it('masks an XOAUTH2 string embedded in other text', () => {
    const token = buildXoauth2String('becker@bau-firma.de', 'opaque-token');

    expect(redactProtocolLine(`debug: sent ${token} ok`, { direction: 'info' })).toBe(
      'debug: sent [redacted] ok',
    );
  });

  it('masks secrets in query strings', () => {
    expect(redactProtocolLine('GET /cb?code=1&access_token=abc.def&x=1')).toBe(
      'GET /cb?code=1&access_token=[redacted]&x=1',
    );
  });

  it('leaves server capability lines and challenges readable', () => {
    expect(redactProtocolLine('250-AUTH PLAIN LOGIN XOAUTH2', { direction: 'server' })).toBe(
      '250-AUTH PLAIN LOGIN XOAUTH2',
    );
    expect(redactProtocolLine('334 eyJzdGF0dXMiOiI0MDEifQ==', { direction: 'server' })).toBe(
      '334 eyJzdGF0dXMiOiI0MDEifQ==',
    );
  });
});

describe('createSessionRedactor', () => {
  it('masks SMTP AUTH LOGIN continuation lines until the final reply', () => {
    const redact = createSessionRedactor();

    const lines = [
      redact('client', 'AUTH LOGIN'),
      redact('server', '334 VXNlcm5hbWU6'),
      redact('client', 'YmVja2Vy'),
      redact('server', '334 UGFzc3dvcmQ6'),
      redact('client', 'Z2VoZWlt'),
      redact('server', '235 2.7.0 Authentication successful'),
      redact('client', 'MAIL FROM:<becker@bau-firma.de>'),
    ];

    expect(lines).toEqual([
      'AUTH LOGIN',
      '334 VXNlcm5hbWU6',
      '[redacted]',
      '334 UGFzc3dvcmQ6',
      '[redacted]',
      '235 2.7.0 Authentication successful',
      'MAIL FROM:<becker@bau-firma.de>',
    ]);
  });

  it('masks the POP3 XOAUTH2 token line after the "+" continuation', () => {
    const redact = createSessionRedactor();

    redact('client', 'AUTH XOAUTH2');
    redact('server', '+ ');
    const tokenLine = redact('client', 'c2hvcnQ=');
    redact('server', '+OK authenticated');
    const next = redact('client', 'STAT');

    expect(tokenLine).toBe('[redacted]');
    expect(next).toBe('STAT');
  });
});

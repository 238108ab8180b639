import { describe, expect, it } from 'vitest';
import {
  type ClassifyContext,
  classifyMailError,
  MAIL_ERROR_CODES,
} from '../../src/errors/index.ts';
import { renderMailErrorText } from '../../src/errors/mail-error-texts.ts';
import { Pop3Error } from '../../src/pop3/index.ts';

const SMTP: ClassifyContext = { protocol: 'SMTP', authType: 'oauth2' };
const POP3: ClassifyContext = { protocol: 'POP3', authType: 'oauth2' };

/** An error shaped like the ones nodemailer rejects with. */
function nodemailerError(fields: Record<string, unknown>, message = 'nodemailer error'): Error {
  return Object.assign(new Error(message), fields);
}

function smtpReply(code: string, responseCode: number, command: string, response: string) {
  return nodemailerError({ code, responseCode, command, response }, `failed: ${response}`);
}

describe('classifyMailError: TLS', () => {
  it.each([
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'TLS_WRONG_MODE'],
    ['ERR_SSL_PACKET_LENGTH_TOO_LONG', 'TLS_WRONG_MODE'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS_CERT_SELF_SIGNED'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'TLS_CERT_SELF_SIGNED'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS_CERT_HOSTNAME_MISMATCH'],
    ['CERT_HAS_EXPIRED', 'TLS_CERT_EXPIRED'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'TLS_CERT_UNTRUSTED'],
    ['CERT_REVOKED', 'TLS_CERT_INVALID'],
  ])('maps nodemailer ESOCKET with originalCode %s to %s', (originalCode, expected) => {
    const error = nodemailerError({ code: 'ESOCKET', originalCode, command: 'CONN' });

    const result = classifyMailError(error, SMTP);

    expect(result).toMatchObject({ code: expected, transient: false });
  });

  it('reads the reason from the text of a wrapped ETLS error', () => {
    const error = nodemailerError(
      { code: 'ETLS' },
      'Error initiating TLS - self-signed certificate',
    );

    expect(classifyMailError(error, SMTP).code).toBe('TLS_CERT_SELF_SIGNED');
  });

  it('treats a reset during the POP3 TLS handshake as the wrong TLS mode', () => {
    const error = new Pop3Error('POP3_TLS_ERROR', 'TLS failed: socket hang up', {
      stage: 'tls',
      osCode: 'ECONNRESET',
    });

    expect(classifyMailError(error, POP3).code).toBe('TLS_WRONG_MODE');
  });

  it('treats a reset when speaking TLS to port 587 as the wrong TLS mode', () => {
    const error = nodemailerError({ code: 'ESOCKET', originalCode: 'ECONNRESET', command: 'CONN' });

    const wrongMode = classifyMailError(error, { ...SMTP, port: 587, security: 'TLS' });
    const reset = classifyMailError(error, { ...SMTP, port: 465, security: 'TLS' });

    expect(wrongMode.code).toBe('TLS_WRONG_MODE');
    expect(reset.code).toBe('CONNECTION_RESET');
  });

  it('treats a greeting timeout on an implicit-TLS port without TLS as the wrong TLS mode', () => {
    const error = nodemailerError({ code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT' });

    const wrongMode = classifyMailError(error, { ...SMTP, port: 465, security: 'STARTTLS' });
    const overloaded = classifyMailError(error, { ...SMTP, port: 587, security: 'STARTTLS' });

    expect(wrongMode).toMatchObject({ code: 'TLS_WRONG_MODE', transient: false });
    expect(overloaded).toMatchObject({ code: 'GREETING_TIMEOUT', transient: true });
  });

  it('treats a POP3 greeting timeout on port 995 without TLS as the wrong TLS mode', () => {
    const error = new Pop3Error('POP3_TIMEOUT', 'greeting timed out', { stage: 'greeting' });

    const result = classifyMailError(error, { ...POP3, port: 995, security: 'NONE' });

    expect(result.code).toBe('TLS_WRONG_MODE');
  });

  it('reports a refused STARTTLS and a missing STLS as STARTTLS_UNAVAILABLE', () => {
    const smtp = smtpReply('ETLS', 500, 'STARTTLS', '500 Error: command not recognized');
    const pop3 = new Pop3Error('POP3_STLS_UNAVAILABLE', 'server does not offer STLS');

    expect(classifyMailError(smtp, SMTP).code).toBe('STARTTLS_UNAVAILABLE');
    expect(classifyMailError(pop3, POP3).code).toBe('STARTTLS_UNAVAILABLE');
  });

  it('reports "Must issue a STARTTLS command first" as TLS_REQUIRED_BY_SERVER', () => {
    const error = smtpReply(
      'EENVELOPE',
      530,
      'MAIL FROM',
      '530 5.7.0 Must issue a STARTTLS command first',
    );

    expect(classifyMailError(error, SMTP).code).toBe('TLS_REQUIRED_BY_SERVER');
  });
});

describe('classifyMailError: network', () => {
  it.each([
    [{ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }, 'CONNECTION_REFUSED', true],
    [{ code: 'EDNS', originalCode: 'ENOTFOUND' }, 'HOST_NOT_FOUND', false],
    [{ code: 'EDNS', originalCode: 'EAI_AGAIN' }, 'DNS_TEMPORARY_FAILURE', true],
    [{ code: 'ETIMEDOUT', timeoutType: 'CONNECT_TIMEOUT' }, 'CONNECTION_TIMEOUT', true],
    [{ code: 'ETIMEDOUT', timeoutType: 'SOCKET_TIMEOUT' }, 'OPERATION_TIMEOUT', true],
    [{ code: 'ESOCKET', originalCode: 'ECONNRESET' }, 'CONNECTION_RESET', true],
    [{ code: 'ECONNECTION' }, 'CONNECTION_DROPPED', true],
  ])('maps %j to %s', (fields, expected, transient) => {
    const result = classifyMailError(nodemailerError(fields), SMTP);

    expect(result).toMatchObject({ code: expected, transient });
  });

  it('maps POP3 socket errors by their OS code', () => {
    const refused = new Pop3Error('POP3_SOCKET_ERROR', 'refused', {
      stage: 'connect',
      osCode: 'ECONNREFUSED',
    });
    const timeout = new Pop3Error('POP3_TIMEOUT', 'connect timed out', { stage: 'connect' });

    expect(classifyMailError(refused, POP3).code).toBe('CONNECTION_REFUSED');
    expect(classifyMailError(timeout, POP3).code).toBe('CONNECTION_TIMEOUT');
  });
});

describe('classifyMailError: SMTP replies', () => {
  it('maps Microsoft 535 5.7.3 to SMTP_AUTH_REJECTED with advice to sign in again', () => {
    const response =
      '535 5.7.3 Authentication unsuccessful [FR0P281CA0001.DEUP281.PROD.OUTLOOK.COM]';
    const error = smtpReply('EAUTH', 535, 'AUTH XOAUTH2', response);

    const result = classifyMailError(error, SMTP);

    expect(result).toMatchObject({ code: 'SMTP_AUTH_REJECTED', transient: false });
    expect(result.actionDe).toContain('Microsoft-Konto neu an');
    expect(result.detail).toBe(response);
  });

  it('gives password advice for a rejected password login', () => {
    const error = smtpReply('EAUTH', 535, 'AUTH PLAIN', '535 5.7.8 Error: authentication failed');

    const result = classifyMailError(error, { protocol: 'SMTP', authType: 'password' });

    expect(result.code).toBe('SMTP_AUTH_REJECTED');
    expect(result.actionDe).toContain('Kennwort');
  });

  it('maps 535 5.7.139 to SMTP_AUTH_DISABLED_FOR_TENANT naming "Authentifiziertes SMTP"', () => {
    const response =
      '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.';
    const error = smtpReply('EAUTH', 535, 'AUTH XOAUTH2', response);

    const result = classifyMailError(error, SMTP);

    expect(result).toMatchObject({ code: 'SMTP_AUTH_DISABLED_FOR_TENANT', transient: false });
    expect(result.actionDe).toContain('„Authentifiziertes SMTP“');
    expect(result.actionDe).toContain('Exchange Admin Center');
  });

  it.each([
    ['550 5.7.60 SMTP; Client does not have permissions to send as this sender', 'MAIL FROM'],
    [
      '554 5.2.252 SendAsDenied; becker@bau-firma.de not allowed to send as info@bau-firma.de',
      'DATA',
    ],
  ])('maps %j to SMTP_SENDER_NOT_ALLOWED', (response, command) => {
    const error = smtpReply('EMESSAGE', Number(response.slice(0, 3)), command, response);

    const result = classifyMailError(error, SMTP);

    expect(result.code).toBe('SMTP_SENDER_NOT_ALLOWED');
    expect(result.actionDe).toContain('„Senden als“');
  });

  it('maps 5.7.708 to SMTP_TRAFFIC_NOT_ACCEPTED', () => {
    const response =
      '550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.';
    const error = smtpReply('EENVELOPE', 550, 'MAIL FROM', response);

    expect(classifyMailError(error, SMTP)).toMatchObject({
      code: 'SMTP_TRAFFIC_NOT_ACCEPTED',
      transient: false,
    });
  });

  it.each([
    ['EENVELOPE', 550, 'RCPT TO', '550 5.1.1 User unknown', 'SMTP_RECIPIENT_REJECTED', false],
    [
      'EMESSAGE',
      552,
      'DATA',
      '552 5.3.4 Message size exceeds fixed limit',
      'SMTP_MESSAGE_TOO_LARGE',
      false,
    ],
    ['EMESSAGE', 552, 'DATA', '552 Message too big', 'SMTP_MESSAGE_TOO_LARGE', false],
    ['EMESSAGE', 554, 'DATA', '554 5.7.1 Message rejected as spam', 'SMTP_REJECTED', false],
    [
      'EMESSAGE',
      550,
      'DATA',
      '550 5.1.8 Access denied, bad outbound sender',
      'SMTP_SENDER_BLOCKED',
      false,
    ],
    [
      'EENVELOPE',
      530,
      'MAIL FROM',
      '530 5.7.57 Client not authenticated to send mail',
      'SMTP_AUTH_REQUIRED',
      false,
    ],
    [
      'EAUTH',
      504,
      'AUTH XOAUTH2',
      '504 5.7.4 Unrecognized authentication type',
      'SMTP_AUTH_MECHANISM_UNSUPPORTED',
      false,
    ],
    [
      'ECONNECTION',
      421,
      'CONN',
      '421 4.7.0 Too many connections, try later',
      'SMTP_THROTTLED',
      true,
    ],
    ['EENVELOPE', 452, 'RCPT TO', '452 4.5.3 Too many recipients', 'SMTP_THROTTLED', true],
    [
      'EMESSAGE',
      432,
      'DATA',
      '432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded',
      'SMTP_THROTTLED',
      true,
    ],
    ['EMESSAGE', 451, 'DATA', '451 4.3.0 Temporary server error', 'SMTP_TEMPORARY', true],
    ['EMESSAGE', 452, 'DATA', '452 4.3.1 Insufficient system storage', 'SMTP_TEMPORARY', true],
    [
      'EAUTH',
      454,
      'AUTH PLAIN',
      '454 4.7.0 Temporary authentication failure',
      'SMTP_TEMPORARY',
      true,
    ],
    [
      'EMESSAGE',
      554,
      'DATA',
      '554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException',
      'SMTP_QUOTA_EXCEEDED',
      true,
    ],
  ])(
    'maps %s %i at %s (%s) to %s',
    (code, responseCode, command, response, expected, transient) => {
      const error = smtpReply(code, responseCode, command, response);

      expect(classifyMailError(error, SMTP)).toMatchObject({ code: expected, transient });
    },
  );

  it('maps a missing OAuth2 token and an empty envelope', () => {
    const token = nodemailerError({ code: 'EOAUTH2' }, "Can't create new access token for user");
    const envelope = nodemailerError({ code: 'EENVELOPE' }, 'No recipients defined');

    expect(classifyMailError(token, SMTP).code).toBe('OAUTH_TOKEN_UNAVAILABLE');
    expect(classifyMailError(envelope, SMTP).code).toBe('SMTP_INVALID_ENVELOPE');
  });
});

describe('classifyMailError: POP3', () => {
  const authFailed = (response: string, responseCode?: string) =>
    new Pop3Error('POP3_AUTH_FAILED', `PASS rejected: ${response}`, {
      stage: 'command',
      command: 'PASS [redacted]',
      response,
      responseCode,
    });

  it('maps -ERR at login to the permanent POP3_LOGIN_FAILED', () => {
    const result = classifyMailError(authFailed('-ERR [AUTH] Authentication failed.', 'AUTH'), {
      protocol: 'POP3',
      authType: 'password',
    });

    expect(result).toMatchObject({ code: 'POP3_LOGIN_FAILED', transient: false });
  });

  it.each([
    ['IN-USE', 'POP3_MAILBOX_IN_USE'],
    ['LOGIN-DELAY', 'POP3_LOGIN_DELAYED'],
    ['SYS/TEMP', 'POP3_TEMPORARY'],
  ])('treats the [%s] response code as transient (%s)', (responseCode, expected) => {
    const result = classifyMailError(
      authFailed(`-ERR [${responseCode}] try later`, responseCode),
      POP3,
    );

    expect(result).toMatchObject({ code: expected, transient: true });
  });

  it('maps the XOAUTH2 "+ <base64 JSON>" failure to POP3_XOAUTH2_REJECTED and keeps the challenge', () => {
    const challenge = {
      status: '401',
      schemes: 'bearer',
      scope: 'https://outlook.office.com/POP.AccessAsUser.All',
      raw: '{"status":"401","schemes":"bearer","scope":"https://outlook.office.com/POP.AccessAsUser.All"}',
    };
    const error = new Pop3Error('POP3_XOAUTH2_REJECTED', 'rejected', {
      response: '-ERR Authentication failure: unknown user name or bad password.',
      challenge,
    });

    const result = classifyMailError(error, POP3);

    expect(result).toMatchObject({ code: 'POP3_XOAUTH2_REJECTED', transient: false });
    expect(result.messageDe).toContain('Microsoft-Konto');
    expect(result.actionDe).toContain('neu an');
    expect(result.detail).toContain('"status":"401"');
  });

  it("maps a refused XOAUTH2 login with another account's token to POP3_MAILBOX_ACCESS_DENIED", () => {
    const error = new Pop3Error('POP3_XOAUTH2_REJECTED', 'rejected', {
      response: '-ERR Authentication failure: unknown user name or bad password.',
    });
    const context = {
      ...POP3,
      authType: 'oauth2' as const,
      mailbox: 'mueller@bau-firma.de',
      signedInAccount: 'admin@bau-firma.de',
    };

    const result = classifyMailError(error, context);

    expect(result).toMatchObject({ code: 'POP3_MAILBOX_ACCESS_DENIED', transient: false });
    expect(result.messageDe).toContain(
      'Das Konto admin@bau-firma.de hat keinen Vollzugriff auf das Postfach mueller@bau-firma.de',
    );
    expect(result.actionDe).toMatch(/Vollzugriff.*oder verbinden Sie das Konto des Postfachs/);
    expect(`${result.messageDe} ${result.actionDe}`).not.toMatch(/\{\w+\}/);
  });

  it("keeps POP3_XOAUTH2_REJECTED when the token is the mailbox's own, in any letter case", () => {
    const error = new Pop3Error('POP3_XOAUTH2_REJECTED', 'rejected');
    const context = {
      ...POP3,
      mailbox: 'mueller@bau-firma.de',
      signedInAccount: 'Mueller@Bau-Firma.de',
    };

    expect(classifyMailError(error, context).code).toBe('POP3_XOAUTH2_REJECTED');
  });

  it('maps a drop mid-RETR to the transient POP3_CONNECTION_DROPPED', () => {
    const error = new Pop3Error('POP3_CONNECTION_CLOSED', 'closed during RETR 1', {
      stage: 'data',
    });

    expect(classifyMailError(error, POP3)).toMatchObject({
      code: 'POP3_CONNECTION_DROPPED',
      transient: true,
    });
  });

  it('maps garbage instead of a greeting to PROTOCOL_MISMATCH', () => {
    const error = new Pop3Error('POP3_PROTOCOL_ERROR', 'not POP3', { stage: 'greeting' });

    expect(classifyMailError(error, POP3).code).toBe('PROTOCOL_MISMATCH');
  });

  it('maps an SMTP greeting without a reply code to PROTOCOL_MISMATCH, a 554 greeting not', () => {
    const garbage = 'HTTP/1.1 400 Bad Request';
    const invalid = nodemailerError(
      { code: 'EPROTOCOL', command: 'CONN', response: garbage },
      `Invalid greeting. response=${garbage}`,
    );
    const refused = smtpReply('EPROTOCOL', 554, 'CONN', '554 5.7.1 No SMTP service here');

    expect(classifyMailError(invalid, SMTP)).toMatchObject({
      code: 'PROTOCOL_MISMATCH',
      transient: false,
    });
    expect(classifyMailError(refused, SMTP).code).not.toBe('PROTOCOL_MISMATCH');
  });

  it('tells a server that stops answering mid-session from one that cannot be reached', () => {
    // nodemailer names the command CONN for both; only timeoutType tells them apart.
    const idle = nodemailerError({
      code: 'ETIMEDOUT',
      command: 'CONN',
      timeoutType: 'SOCKET_TIMEOUT',
    });
    const connect = nodemailerError({
      code: 'ETIMEDOUT',
      command: 'CONN',
      timeoutType: 'CONNECT_TIMEOUT',
    });

    expect(classifyMailError(idle, SMTP)).toMatchObject({
      code: 'OPERATION_TIMEOUT',
      transient: true,
    });
    expect(classifyMailError(connect, SMTP).code).toBe('CONNECTION_TIMEOUT');
  });
});

describe('classifyMailError: output', () => {
  it('removes credentials from the detail', () => {
    const response = '535 5.7.3 token Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl rejected';
    const error = smtpReply('EAUTH', 535, 'AUTH XOAUTH2', response);

    const { detail } = classifyMailError(error, SMTP);

    expect(detail).toBe('535 5.7.3 token Bearer [redacted] rejected');
  });

  it('falls back to MAIL_UNKNOWN_ERROR for anything else', () => {
    expect(classifyMailError('boom', SMTP)).toMatchObject({
      code: 'MAIL_UNKNOWN_ERROR',
      transient: true,
      detail: 'boom',
    });
    expect(classifyMailError(new TypeError('x is undefined'), POP3).code).toBe(
      'MAIL_UNKNOWN_ERROR',
    );
  });

  it.each(MAIL_ERROR_CODES)('has German texts for %s', (code) => {
    for (const context of [
      SMTP,
      POP3,
      { protocol: 'SMTP' as const, authType: 'password' as const },
    ]) {
      const text = renderMailErrorText(code, context);

      expect(text.messageDe.length).toBeGreaterThan(10);
      expect(text.actionDe.length).toBeGreaterThan(3);
      expect(`${text.messageDe} ${text.actionDe}`).not.toMatch(/\{\w+\}/);
    }
  });
});

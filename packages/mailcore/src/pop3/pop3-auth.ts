import {
  buildXoauth2String,
  decodeXoauth2Challenge,
  type Xoauth2Challenge,
} from '../sasl/xoauth2.ts';
import type { Pop3Connection, Pop3Response } from './pop3-connection.ts';
import { Pop3Error } from './pop3-error.ts';

/**
 * USER/PASS (RFC 1939 §7). The password is sent as UTF-8: RFC 1939 names no charset, and
 * UTF-8 is what current servers (and RFC 6856 for POP3 in general) expect.
 */
export async function loginWithPassword(
  connection: Pop3Connection,
  credentials: { user: string; pass: string },
  timeoutMs: number,
): Promise<void> {
  const userLine = `USER ${credentials.user}`;
  const userResponse = await connection.command(userLine, userLine, { timeoutMs });
  assertLoginAccepted(userResponse, userLine);

  const passLine = `PASS ${credentials.pass}`;
  const passResponse = await connection.command(passLine, 'PASS [redacted]', { timeoutMs });
  assertLoginAccepted(passResponse, 'PASS [redacted]');
}

/**
 * SASL XOAUTH2 over POP3 AUTH (RFC 5034). Two-step by default, the form Microsoft requires:
 * `AUTH XOAUTH2`, the server's empty `+` continuation, then the base64 string on its own line.
 */
export async function authenticateXoauth2(
  connection: Pop3Connection,
  credentials: { user: string; accessToken: string; mode?: 'two-step' | 'initial-response' },
  timeoutMs: number,
): Promise<void> {
  const token = buildXoauth2String(credentials.user, credentials.accessToken);

  let response: Pop3Response;
  if (credentials.mode === 'initial-response') {
    // Known limit: RFC 5034 §4 allows an initial response only while the AUTH line stays
    // within 255 octets, which real tokens (2–4 KB) exceed; only for servers that accept it.
    const logText = 'AUTH XOAUTH2 [redacted]';
    response = await connection.command(`AUTH XOAUTH2 ${token}`, logText, { timeoutMs });
  } else {
    response = await connection.command('AUTH XOAUTH2', 'AUTH XOAUTH2', { timeoutMs });
    if (response.status.kind !== 'continue') {
      throw authError('POP3_AUTH_FAILED', response, 'AUTH XOAUTH2');
    }
    response = await connection.command(token, '[redacted]', { timeoutMs });
  }

  await finishXoauth2(connection, response, timeoutMs);
}

async function finishXoauth2(
  connection: Pop3Connection,
  first: Pop3Response,
  timeoutMs: number,
): Promise<void> {
  let response = first;
  let challenge: Xoauth2Challenge | undefined;

  if (response.status.kind === 'continue') {
    // A rejected token comes back as `+ <base64 JSON>` (status, schemes, scope); the server
    // sends its -ERR only after an empty client response, as RFC 7628 §3.2.3 specifies
    // for the OAUTHBEARER mechanism that XOAUTH2 predates.
    challenge = decodeXoauth2Challenge(response.status.text);
    response = await connection.command('', '', { timeoutMs });
  }
  if (response.status.kind === 'continue') {
    // Still asking: give up on the exchange the way RFC 5034 §4 provides, with "*".
    response = await connection.command('*', '*', { timeoutMs });
  }

  if (response.status.kind === 'ok') {
    return;
  }
  if (response.status.kind === 'continue') {
    const message = 'server kept the XOAUTH2 exchange open after "*"';
    throw new Pop3Error('POP3_PROTOCOL_ERROR', message, { command: 'AUTH XOAUTH2' });
  }
  throw authError('POP3_XOAUTH2_REJECTED', response, 'AUTH XOAUTH2', challenge);
}

function assertLoginAccepted(response: Pop3Response, command: string): void {
  if (response.status.kind !== 'ok') {
    throw authError('POP3_AUTH_FAILED', response, command);
  }
}

function authError(
  code: 'POP3_AUTH_FAILED' | 'POP3_XOAUTH2_REJECTED',
  response: Pop3Response,
  command: string,
  challenge?: Xoauth2Challenge,
): Pop3Error {
  const { line, responseCode } = response.status;
  return new Pop3Error(code, `${command} rejected: ${line}`, {
    stage: 'command',
    command,
    response: line,
    responseCode,
    challenge,
  });
}

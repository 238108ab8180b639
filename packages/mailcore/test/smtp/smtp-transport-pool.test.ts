import { afterEach, describe, expect, it } from 'vitest';
import type { SmtpTransportOptions } from '../../src/smtp/index.ts';
import { buildPoolKey, SmtpTransportPool, sendRawMessage } from '../../src/smtp/index.ts';
import { type SmtpTestServer, startSmtpTestServer } from '../helpers/smtp-test-server.ts';

const RAW = Buffer.from('From: a@bau-firma.de\r\nSubject: t\r\n\r\nhi\r\n');

let pool: SmtpTransportPool | undefined;
let server: SmtpTestServer | undefined;

afterEach(async () => {
  pool?.closeAll();
  await server?.close();
  pool = undefined;
  server = undefined;
});

function options(user: string, accessToken: string, port = 2525): SmtpTransportOptions {
  return {
    host: 'smtp.office365.com',
    port,
    security: 'STARTTLS',
    auth: { type: 'oauth2', user, accessToken },
  };
}

describe('SmtpTransportPool', () => {
  it('returns the same transport for the same server, account and token', () => {
    pool = new SmtpTransportPool();

    const first = pool.get(options('becker@bau-firma.de', 't1'));
    const second = pool.get(options('becker@bau-firma.de', 't1'));

    expect(second).toBe(first);
    expect(pool.size).toBe(1);
  });

  it('keeps one transport per account', () => {
    pool = new SmtpTransportPool();

    const becker = pool.get(options('becker@bau-firma.de', 't1'));
    const info = pool.get(options('info@bau-firma.de', 't1'));

    expect(info).not.toBe(becker);
    expect(pool.size).toBe(2);
  });

  it('replaces the transport when the access token changes', () => {
    pool = new SmtpTransportPool();

    const before = pool.get(options('becker@bau-firma.de', 'token-hour-1'));
    const after = pool.get(options('becker@bau-firma.de', 'token-hour-2'));

    expect(after).not.toBe(before);
    expect(pool.size).toBe(1);
  });

  it('keys by security, host, port, auth type and user without the secret', () => {
    const key = buildPoolKey(options('Becker@bau-firma.de', 'secret-token'));

    expect(key).toBe('STARTTLS|smtp.office365.com|2525|oauth2|becker@bau-firma.de');
  });

  it('sends through a pooled transport and empties on closeAll', async () => {
    server = await startSmtpTestServer({ authOptional: true });
    pool = new SmtpTransportPool();
    const transportOptions: SmtpTransportOptions = {
      host: '127.0.0.1',
      port: server.port,
      security: 'NONE',
      auth: { type: 'none' },
    };

    const envelope = { from: 'a@bau-firma.de', to: ['b@example.com'] };
    await sendRawMessage(pool.get(transportOptions), { envelope, raw: RAW });
    await sendRawMessage(pool.get(transportOptions), { envelope, raw: RAW });
    pool.closeAll();

    expect(server.messages).toHaveLength(2);
    expect(pool.size).toBe(0);
  });
});

// smtp-server advertises AUTH before STARTTLS. With security 'STARTTLS' our transport must
// never authenticate (or send mail) before the TLS upgrade, and must fail rather than fall
// back to plaintext when the server offers no STARTTLS.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SmtpTransportOptions } from '../../src/smtp/index.ts';
import { createSmtpTransport, type SmtpTransport, sendRawMessage } from '../../src/smtp/index.ts';
import { type SmtpTestServer, startSmtpTestServer } from '../helpers/smtp-test-server.ts';
import { getTestCertificate, type TestCertificate } from '../helpers/test-certificate.ts';

const RAW = Buffer.from('From: a@bau-firma.de\r\nTo: b@example.com\r\nSubject: t\r\n\r\nhi\r\n');
const ENVELOPE = { from: 'a@bau-firma.de', to: ['b@example.com'] };

let certificate: TestCertificate;
let server: SmtpTestServer | undefined;
let transport: SmtpTransport | undefined;

beforeAll(async () => {
  certificate = await getTestCertificate();
});

afterEach(async () => {
  transport?.close();
  await server?.close();
  transport = undefined;
  server = undefined;
});

function startTlsOptions(port: number, extra: Partial<SmtpTransportOptions> = {}) {
  return {
    host: 'localhost',
    port,
    security: 'STARTTLS' as const,
    auth: { type: 'password' as const, user: 'a@bau-firma.de', pass: 'geheim' },
    tls: { ca: certificate.cert },
    timeouts: { connectionMs: 3_000, greetingMs: 3_000, socketMs: 3_000 },
    ...extra,
  };
}

describe('SMTP with security STARTTLS', () => {
  it('authenticates only after the TLS upgrade although AUTH is advertised before it', async () => {
    server = await startSmtpTestServer({
      secure: false,
      key: certificate.key,
      cert: certificate.cert,
      // The server would accept AUTH in clear, so only the client can prevent it.
      allowInsecureAuth: true,
    });
    transport = createSmtpTransport(startTlsOptions(server.port));

    await sendRawMessage(transport, { envelope: ENVELOPE, raw: RAW });

    expect(server.auths).toHaveLength(1);
    expect(server.auths[0]?.secure).toBe(true);
    expect(server.messages[0]?.secure).toBe(true);
  });

  it('fails instead of authenticating in clear when the server offers no STARTTLS', async () => {
    server = await startSmtpTestServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
    });
    transport = createSmtpTransport(startTlsOptions(server.port));

    await expect(sendRawMessage(transport, { envelope: ENVELOPE, raw: RAW })).rejects.toMatchObject(
      {
        code: 'ETLS',
      },
    );
    expect(server.auths).toHaveLength(0);
    expect(server.messages).toHaveLength(0);
  });

  it('fails when the certificate does not verify, before any AUTH', async () => {
    server = await startSmtpTestServer({
      secure: false,
      key: certificate.key,
      cert: certificate.cert,
      allowInsecureAuth: true,
    });
    transport = createSmtpTransport(startTlsOptions(server.port, { tls: {} }));

    await expect(sendRawMessage(transport, { envelope: ENVELOPE, raw: RAW })).rejects.toMatchObject(
      {
        code: 'ESOCKET',
        originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      },
    );
    expect(server.auths).toHaveLength(0);
  });
});

describe('SMTP with security TLS', () => {
  it('speaks TLS from the first byte', async () => {
    server = await startSmtpTestServer({
      secure: true,
      key: certificate.key,
      cert: certificate.cert,
    });
    transport = createSmtpTransport({ ...startTlsOptions(server.port), security: 'TLS' });

    await sendRawMessage(transport, { envelope: ENVELOPE, raw: RAW });

    expect(server.auths[0]?.secure).toBe(true);
  });
});

// The classifier against errors produced by real connections, not hand-made objects.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classifyMailError } from '../../src/errors/index.ts';
import { Pop3Client } from '../../src/pop3/index.ts';
import type { SmtpTransportOptions } from '../../src/smtp/index.ts';
import { createSmtpTransport, type SmtpTransport, sendRawMessage } from '../../src/smtp/index.ts';
import { type FakePop3Server, startFakePop3Server } from '../helpers/fake-pop3-server.ts';
import { type SmtpTestServer, startSmtpTestServer } from '../helpers/smtp-test-server.ts';
import { getTestCertificate, type TestCertificate } from '../helpers/test-certificate.ts';

const RAW = Buffer.from('From: a@bau-firma.de\r\nSubject: t\r\n\r\nhi\r\n');
const ENVELOPE = { from: 'a@bau-firma.de', to: ['b@example.com'] };

let certificate: TestCertificate;
let smtpServer: SmtpTestServer | undefined;
let pop3Server: FakePop3Server | undefined;
let transport: SmtpTransport | undefined;
let client: Pop3Client | undefined;

beforeAll(async () => {
  certificate = await getTestCertificate();
});

afterEach(async () => {
  transport?.close();
  client?.close();
  await smtpServer?.close();
  await pop3Server?.close();
  transport = undefined;
  client = undefined;
  smtpServer = undefined;
  pop3Server = undefined;
});

async function smtpFailure(options: Partial<SmtpTransportOptions>): Promise<unknown> {
  transport = createSmtpTransport({
    host: 'localhost',
    port: smtpServer?.port ?? 0,
    security: 'STARTTLS',
    auth: { type: 'password', user: 'u', pass: 'p' },
    timeouts: { connectionMs: 2_000, greetingMs: 500, socketMs: 2_000 },
    ...options,
  });
  return sendRawMessage(transport, { envelope: ENVELOPE, raw: RAW }).catch((error) => error);
}

describe('classifying errors from real SMTP connections', () => {
  it('recognises implicit TLS against a plaintext SMTP server', async () => {
    smtpServer = await startSmtpTestServer({ secure: false });

    const error = await smtpFailure({ security: 'TLS' });

    expect(classifyMailError(error, { protocol: 'SMTP' }).code).toBe('TLS_WRONG_MODE');
  });

  it('recognises plaintext against an implicit-TLS SMTP port', async () => {
    smtpServer = await startSmtpTestServer({ secure: true, ...certificate });

    const error = await smtpFailure({ security: 'STARTTLS' });

    const context = { protocol: 'SMTP' as const, security: 'STARTTLS' as const, port: 465 };
    expect(classifyMailError(error, context).code).toBe('TLS_WRONG_MODE');
  });

  it('recognises an expired certificate after STARTTLS', async () => {
    // smtp-server's built-in fallback certificate has expired.
    smtpServer = await startSmtpTestServer({ secure: false });

    const error = await smtpFailure({});

    expect(classifyMailError(error, { protocol: 'SMTP' }).code).toBe('TLS_CERT_EXPIRED');
  });

  it('recognises a certificate for another host name', async () => {
    smtpServer = await startSmtpTestServer({ secure: true, ...certificate });

    const error = await smtpFailure({
      security: 'TLS',
      tls: { ca: certificate.cert, servername: 'smtp.other.example' },
    });

    expect(classifyMailError(error, { protocol: 'SMTP' }).code).toBe('TLS_CERT_HOSTNAME_MISMATCH');
  });
});

describe('classifying errors from real POP3 connections', () => {
  it('recognises implicit TLS against a plaintext POP3 server', async () => {
    pop3Server = await startFakePop3Server();
    client = new Pop3Client({ host: '127.0.0.1', port: pop3Server.port, security: 'TLS' });

    const error = await client.connect().catch((e) => e);

    expect(classifyMailError(error, { protocol: 'POP3' }).code).toBe('TLS_WRONG_MODE');
  });

  it('recognises a self-signed certificate', async () => {
    pop3Server = await startFakePop3Server({ certificate, implicitTls: true });
    client = new Pop3Client({ host: 'localhost', port: pop3Server.port, security: 'TLS' });

    const error = await client.connect().catch((e) => e);

    expect(classifyMailError(error, { protocol: 'POP3' }).code).toBe('TLS_CERT_SELF_SIGNED');
  });

  it('recognises a rejected XOAUTH2 token with its challenge as permanent', async () => {
    pop3Server = await startFakePop3Server({
      xoauth2: { user: 'u@x.de', token: 'good', failureChallenge: { status: '401' } },
    });
    client = new Pop3Client({ host: '127.0.0.1', port: pop3Server.port, security: 'NONE' });
    await client.connect();

    const error = await client
      .authenticate({ type: 'oauth2', user: 'u@x.de', accessToken: 'stale' })
      .catch((e) => e);

    expect(classifyMailError(error, { protocol: 'POP3', authType: 'oauth2' })).toMatchObject({
      code: 'POP3_XOAUTH2_REJECTED',
      transient: false,
    });
  });
});

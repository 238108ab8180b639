import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Pop3Client } from '../../src/pop3/index.ts';
import {
  type FakePop3Server,
  type FakePop3ServerOptions,
  startFakePop3Server,
} from '../helpers/fake-pop3-server.ts';
import { getTestCertificate, type TestCertificate } from '../helpers/test-certificate.ts';

const FAST = { connectMs: 2_000, greetingMs: 500, commandMs: 1_000, dataIdleMs: 1_000 };
const AUTH = { type: 'password' as const, user: 'u', pass: 'p' };
const WITH_STLS = ['USER', 'STLS', 'SASL XOAUTH2'];

let certificate: TestCertificate;
let server: FakePop3Server | undefined;
let client: Pop3Client | undefined;

beforeAll(async () => {
  certificate = await getTestCertificate();
});

afterEach(async () => {
  client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function start(options: FakePop3ServerOptions): Promise<number> {
  server = await startFakePop3Server({
    certificate,
    password: { user: 'u', pass: 'p' },
    messages: [Buffer.from('A: b\r\n\r\nc\r\n')],
    ...options,
  });
  return server.port;
}

describe('POP3 over implicit TLS', () => {
  it('connects when the certificate verifies against the given CA', async () => {
    const port = await start({ implicitTls: true });
    client = new Pop3Client({
      host: 'localhost',
      port,
      security: 'TLS',
      tls: { ca: certificate.cert },
    });

    await client.connect();
    await client.authenticate(AUTH);

    expect(client.isSecure).toBe(true);
    expect((await client.retr(1)).toString()).toBe('A: b\r\n\r\nc\r\n');
  });

  it('refuses a self-signed certificate by default', async () => {
    const port = await start({ implicitTls: true });
    client = new Pop3Client({ host: 'localhost', port, security: 'TLS', timeouts: FAST });

    await expect(client.connect()).rejects.toMatchObject({
      code: 'POP3_TLS_ERROR',
      osCode: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
  });

  it('refuses a certificate for another host name', async () => {
    const port = await start({ implicitTls: true });
    client = new Pop3Client({
      host: 'localhost',
      port,
      security: 'TLS',
      tls: { ca: certificate.cert, servername: 'pop.other.example' },
    });

    await expect(client.connect()).rejects.toMatchObject({
      code: 'POP3_TLS_ERROR',
      osCode: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });

  it('fails the handshake against a plaintext server', async () => {
    const port = await start({});
    client = new Pop3Client({ host: '127.0.0.1', port, security: 'TLS', timeouts: FAST });

    await expect(client.connect()).rejects.toMatchObject({ code: 'POP3_TLS_ERROR', stage: 'tls' });
  });

  it('times out waiting for the greeting when speaking plaintext to a TLS port', async () => {
    const port = await start({ implicitTls: true });
    client = new Pop3Client({ host: '127.0.0.1', port, security: 'NONE', timeouts: FAST });

    await expect(client.connect()).rejects.toMatchObject({
      code: 'POP3_TIMEOUT',
      stage: 'greeting',
    });
  });
});

describe('POP3 STARTTLS (STLS, RFC 2595)', () => {
  it('upgrades with STLS, asks CAPA again and authenticates only over TLS', async () => {
    const port = await start({ capabilities: WITH_STLS });
    client = new Pop3Client({
      host: 'localhost',
      port,
      security: 'STARTTLS',
      tls: { ca: certificate.cert },
    });

    await client.connect();
    await client.authenticate(AUTH);

    expect(client.isSecure).toBe(true);
    expect(server?.commands.slice(0, 3)).toEqual(['CAPA', 'STLS', 'CAPA']);
    expect(server?.authOverTls).toEqual([true]);
  });

  it('refuses to continue when the server does not offer STLS', async () => {
    const port = await start({ capabilities: ['USER', 'SASL XOAUTH2'] });
    client = new Pop3Client({ host: 'localhost', port, security: 'STARTTLS' });

    await expect(client.connect()).rejects.toMatchObject({ code: 'POP3_STLS_UNAVAILABLE' });
    await expect(client.authenticate(AUTH)).rejects.toBeDefined();
    expect(server?.commands).toEqual(['CAPA']);
  });

  it('refuses to continue when STLS is answered with -ERR', async () => {
    const port = await start({ capabilities: null, certificate: undefined });
    client = new Pop3Client({ host: 'localhost', port, security: 'STARTTLS' });

    await expect(client.connect()).rejects.toMatchObject({
      code: 'POP3_STLS_UNAVAILABLE',
      response: '-ERR STLS not available',
    });
    expect(server?.commands).toEqual(['CAPA', 'STLS']);
  });

  it('refuses plaintext injected after the STLS response', async () => {
    const port = await start({
      capabilities: WITH_STLS,
      script: (line, { write }) => {
        if (line === 'STLS') {
          write('+OK begin TLS\r\n+OK injected\r\n');
          return true;
        }
        return undefined;
      },
    });
    client = new Pop3Client({ host: 'localhost', port, security: 'STARTTLS', timeouts: FAST });

    await expect(client.connect()).rejects.toMatchObject({ code: 'POP3_PROTOCOL_ERROR' });
  });

  it('fails when the TLS handshake after STLS fails', async () => {
    const port = await start({ capabilities: WITH_STLS });
    client = new Pop3Client({ host: 'localhost', port, security: 'STARTTLS', timeouts: FAST });

    await expect(client.connect()).rejects.toMatchObject({
      code: 'POP3_TLS_ERROR',
      osCode: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(server?.commands).not.toContain('USER u');
  });
});

describe('POP3 without transport security', () => {
  it('authenticates in clear only when security is NONE', async () => {
    const port = await start({});
    client = new Pop3Client({ host: '127.0.0.1', port, security: 'NONE' });

    await client.connect();
    await client.authenticate(AUTH);

    expect(client.isSecure).toBe(false);
    expect(server?.authOverTls).toEqual([false]);
  });
});

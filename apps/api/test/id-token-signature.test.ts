import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startIdentityStub } from '@postwerk/ms-identity-stub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from './helpers/browser-session.ts';
import { createTenantWithAdmin } from './helpers/fixtures.ts';
import { openCallback, signInAtStandIn, startLink } from './helpers/microsoft-browser.ts';
import { CALLBACK_URL } from './helpers/microsoft-fixture.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

// The network edge is the only thing replaced: a proxy in front of the real stand-in flips
// one byte of the ID token's signature in the token endpoint's answer.
describe('ID token signature', () => {
  let stub: Awaited<ReturnType<typeof startIdentityStub>>;
  let proxy: Server;
  let t: TestApp;
  let tamper = true;

  beforeAll(async () => {
    proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) {
        chunks.push(chunk as Buffer);
      }
      const upstream = await fetch(`${stub.url}${req.url}`, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
        redirect: 'manual',
      });
      let body = await upstream.text();
      if (tamper && req.url?.endsWith('/oauth2/v2.0/token') && upstream.ok) {
        const json = JSON.parse(body);
        const [header, payload, signature] = json.id_token.split('.');
        const flipped = (signature[5] === 'A' ? 'B' : 'A') as string;
        json.id_token = `${header}.${payload}.${signature.slice(0, 5)}${flipped}${signature.slice(6)}`;
        body = JSON.stringify(json);
      }
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'location']) {
        const value = upstream.headers.get(name);
        if (value) {
          headers[name] = value;
        }
      }
      res.writeHead(upstream.status, headers);
      res.end(body);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    // The stand-in names the proxy as its issuer, so only the signature can be wrong.
    stub = await startIdentityStub({ logger: false, issuerBaseUrl: proxyUrl });
    t = await createTestApp({ MS_AUTHORITY_URL: proxyUrl, MS_REDIRECT_URI: CALLBACK_URL });
  });
  afterAll(async () => {
    await t.close();
    proxy.close();
    await stub.close();
  });

  async function linkThroughProxy(code: string) {
    const tenant = await createTenantWithAdmin(t.prisma);
    const admin = await BrowserSession.signedIn(t.app, tenant.adminEmail, tenant.adminPassword);
    const mailbox = await t.prisma.mailbox.create({
      data: {
        tenantId: tenant.tenantId,
        kind: 'EMPLOYEE',
        code,
        displayName: code,
        externalAddress: 'becker@bau-firma.de',
        relayAddress: `${code}@relay.example`,
        incomingRelayAddress: `${code}@relay.example`,
      },
    });
    const callback = await signInAtStandIn(
      await startLink(admin, mailbox.id),
      'becker@bau-firma.de',
    );
    const landing = await openCallback(t.app, callback, admin);
    const links = await t.prisma.microsoftAccountLink.count({ where: { mailboxId: mailbox.id } });
    return { landing, links };
  }

  it('links through the untouched proxy (the control case)', async () => {
    tamper = false;
    const { landing, links } = await linkThroughProxy('CONTROL');

    expect(landing.searchParams.get('microsoft')).toBe('linked');
    expect(links).toBe(1);
  });

  it('refuses an ID token with a bad signature and stores nothing', async () => {
    tamper = true;
    const { landing, links } = await linkThroughProxy('SIG');

    expect(landing.searchParams.get('reason')).toBe('ID_TOKEN_INVALID');
    expect(links).toBe(0);
  });
});

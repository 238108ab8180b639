import { randomBytes } from 'node:crypto';
import {
  type RunningIdentityStub,
  type StartIdentityStubOptions,
  startIdentityStub,
} from '@postwerk/ms-identity-stub';
import { BrowserSession } from './browser-session.ts';
import { createTenantWithAdmin, type TenantFixture } from './fixtures.ts';
import { createTestApp, type TestApp } from './test-app.ts';

export const CALLBACK_URL = 'http://localhost:3000/api/auth/microsoft/callback';

export type MicrosoftFixture = {
  t: TestApp;
  stub: RunningIdentityStub;
  tenant: TenantFixture;
  admin: BrowserSession;
  /** Creates a mailbox with an OAuth2 outgoing server; returns its id. */
  createMailbox(code: string, externalAddress: string): Promise<string>;
  close(): Promise<void>;
};

/** The API wired to a fresh identity stand-in, one tenant and its signed-in admin. */
export async function createMicrosoftFixture(
  stubOptions: StartIdentityStubOptions = {},
  envOverrides: Record<string, string> = {},
): Promise<MicrosoftFixture> {
  const stub = await startIdentityStub({ logger: false, ...stubOptions });
  const t = await createTestApp({
    MS_AUTHORITY_URL: stub.url,
    MS_REDIRECT_URI: CALLBACK_URL,
    ...envOverrides,
  });
  const tenant = await createTenantWithAdmin(t.prisma);
  const admin = await BrowserSession.signedIn(t.app, tenant.adminEmail, tenant.adminPassword);
  const server = await t.prisma.outgoingServer.create({
    data: {
      tenantId: tenant.tenantId,
      name: `M365 ${randomBytes(3).toString('hex')}`,
      host: 'outlook.office365.com',
      port: 587,
      security: 'STARTTLS',
      authMethod: 'OAUTH2',
    },
  });

  return {
    t,
    stub,
    tenant,
    admin,
    async createMailbox(code, externalAddress) {
      const mailbox = await t.prisma.mailbox.create({
        data: {
          tenantId: tenant.tenantId,
          kind: 'EMPLOYEE',
          code,
          displayName: code,
          externalAddress,
          relayAddress: `${code.toLowerCase()}@relay.example`,
          incomingRelayAddress: `${code.toLowerCase()}@relay.example`,
          outgoingServerId: server.id,
        },
      });
      return mailbox.id;
    },
    async close() {
      await t.close();
      await stub.close();
    },
  };
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations } from '@postwerk/db';
import type { TestProject } from 'vitest/node';
import { startMailStack } from '../../../../e2e/stubs/mail-stack/src/index.ts';
import { startIdentityStub } from '../../../../e2e/stubs/ms-identity/src/index.ts';
import { BAU_FIRMA_TID, FULL_ACCESS, OAUTH_ACCOUNTS, SEND_AS } from './test-accounts.ts';

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postwerk_test';

/**
 * One identity stand-in and one real mail stack (Dovecot + smtp-server) for the whole run.
 * Test files reach them over HTTP (their control endpoints) and the mail ports. The stack's
 * CA is handed to the test processes through NODE_EXTRA_CA_CERTS, so TLS is verified for real.
 */
export default async function setup(project: TestProject) {
  await applyMigrations(TEST_DATABASE_URL, { createDatabase: true });
  const emails = Object.values(OAUTH_ACCOUNTS);
  const stub = await startIdentityStub({
    logger: false,
    users: emails.map((email, index) => ({
      email,
      password: 'Postwerk-Demo-1',
      displayName: email,
      tid: BAU_FIRMA_TID,
      oid: `6e2b1f4a-8c3d-4e5f-9a7b-${String(index).padStart(12, '0')}`,
    })),
  });
  // Under /tmp: Dovecot reads the Maildirs as its own user, which needs o+x on every parent.
  const runtimeDir = await mkdtemp(join(tmpdir(), 'postwerk-worker-test-'));
  const stack = await startMailStack({
    runtimeDir,
    identityUrl: stub.url,
    users: emails,
    fullAccess: FULL_ACCESS,
    sendAs: SEND_AS,
    ports: { pop3: 0, pop3s: 0, submission: 0, smtps: 0, control: 0 },
  });
  process.env.NODE_EXTRA_CA_CERTS = stack.caCertPath;
  project.provide('identityUrl', stub.url);
  project.provide('mailPorts', stack.ports);
  project.provide('mailControlUrl', `http://127.0.0.1:${stack.ports.control}`);

  return async () => {
    await stack.close();
    await stub.close();
    await rm(runtimeDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    identityUrl: string;
    mailPorts: { pop3: number; pop3s: number; submission: number; smtps: number; control: number };
    mailControlUrl: string;
  }
}

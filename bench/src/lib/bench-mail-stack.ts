import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMailStack } from '@postwerk/mail-stack';
import { startIdentityStub } from '@postwerk/ms-identity-stub';

export type BenchMailStack = Awaited<ReturnType<typeof startBenchMailStack>>;

/**
 * Dovecot (POP3) of the test mail stack with password accounts only, plus the identity
 * stand-in it needs for its OAuth passdb. Under /tmp: Dovecot must be able to reach it.
 */
export async function startBenchMailStack(
  passwordUsers: Array<{ email: string; password: string }>,
) {
  const identity = await startIdentityStub({ logger: false });
  const runtimeDir = await mkdtemp(join(tmpdir(), 'postwerk-bench-'));
  const stack = await startMailStack({
    runtimeDir,
    identityUrl: identity.url,
    users: [],
    passwordUsers,
    ports: { pop3: 0, pop3s: 0, submission: 0, smtps: 0, control: 0 },
  });
  return {
    stack,
    async close() {
      await stack.close();
      await identity.close();
      await rm(runtimeDir, { recursive: true, force: true });
    },
  };
}

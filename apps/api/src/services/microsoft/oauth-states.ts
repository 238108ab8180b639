import { randomBytes } from 'node:crypto';
import { type PrismaClient, runAsSystem, type SecretBox } from '@postwerk/db';
import { hashToken } from '../auth/sessions.ts';

const STATE_TTL_MS = 10 * 60_000;
export const PKCE_VERIFIER_PURPOSE = 'pkce-verifier';

export type StateBinding = { portalSessionId: string } | { consentLinkId: string };

export type PendingState = {
  state: string;
  nonce: string;
  codeVerifier: string;
};

/**
 * Creates a single-use state for one authorization request. Only the state's hash is stored,
 * so a database reader cannot complete someone else's sign-in; the PKCE verifier is sealed.
 */
export async function createOAuthState(
  prisma: PrismaClient,
  secretBox: SecretBox,
  input: { tenantId: string; mailboxId: string; codeVerifier: string; binding: StateBinding },
): Promise<PendingState> {
  const state = randomBytes(32).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  await prisma.oAuthState.create({
    data: {
      tenantId: input.tenantId,
      mailboxId: input.mailboxId,
      stateHash: hashToken(state),
      nonce,
      codeVerifierCipher: secretBox.encrypt(input.codeVerifier, {
        tenantId: input.tenantId,
        purpose: PKCE_VERIFIER_PURPOSE,
      }),
      expiresAt: new Date(Date.now() + STATE_TTL_MS),
      ...input.binding,
    },
  });
  return { state, nonce, codeVerifier: input.codeVerifier };
}

/**
 * The tenant a callback's state belongs to, so the rest of the callback can run in that
 * tenant's scope. System context: the browser returning from Microsoft may carry no session
 * (consent links), and the state hash is the only key we have.
 */
export async function findStateTenant(prisma: PrismaClient, state: string): Promise<string | null> {
  const row = await runAsSystem('oauth-state', () =>
    prisma.oAuthState.findUnique({
      where: { stateHash: hashToken(state) },
      select: { tenantId: true },
    }),
  );
  return row?.tenantId ?? null;
}

export type ConsumedState = {
  id: string;
  tenantId: string;
  mailboxId: string;
  nonce: string;
  codeVerifier: string;
  portalSessionId: string | null;
  consentLinkId: string | null;
};

export type ConsumeFailure = 'UNKNOWN' | 'REPLAYED' | 'EXPIRED';

/**
 * Marks a state used and returns it, or says why it cannot be used. The update is
 * conditional on `usedAt IS NULL`, so two concurrent callbacks cannot both win.
 */
export async function consumeOAuthState(
  prisma: PrismaClient,
  secretBox: SecretBox,
  state: string,
): Promise<ConsumedState | ConsumeFailure> {
  const row = await prisma.oAuthState.findUnique({ where: { stateHash: hashToken(state) } });
  if (!row) {
    return 'UNKNOWN';
  }
  if (row.usedAt) {
    return 'REPLAYED';
  }
  if (row.expiresAt <= new Date()) {
    return 'EXPIRED';
  }
  const claimed = await prisma.oAuthState.updateMany({
    where: { id: row.id, usedAt: null },
    data: { usedAt: new Date() },
  });
  if (claimed.count !== 1) {
    return 'REPLAYED';
  }
  return {
    id: row.id,
    tenantId: row.tenantId,
    mailboxId: row.mailboxId,
    nonce: row.nonce,
    codeVerifier: secretBox.decrypt(row.codeVerifierCipher, {
      tenantId: row.tenantId,
      purpose: PKCE_VERIFIER_PURPOSE,
    }),
    portalSessionId: row.portalSessionId,
    consentLinkId: row.consentLinkId,
  };
}

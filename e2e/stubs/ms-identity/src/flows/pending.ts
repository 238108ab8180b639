import type { StubContext } from '../context.ts';
import { AadError } from '../errors/aad-error.ts';
import type { PendingAuthorization } from '../state/store.ts';

/** How long a sign-in page stays usable, like Microsoft's flow token. */
export const PENDING_LIFETIME_MS = 30 * 60 * 1000;

/** The pending request behind a form post; unknown or stale ones are AADSTS50089. */
export function findPending(ctx: StubContext, requestId: string): PendingAuthorization {
  const pending = ctx.store.pending.get(requestId);
  if (!pending || Date.now() - pending.createdAt > PENDING_LIFETIME_MS) {
    ctx.store.pending.delete(requestId);
    throw new AadError(50089);
  }
  return pending;
}

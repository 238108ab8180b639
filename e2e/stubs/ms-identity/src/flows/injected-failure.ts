import type { StubContext } from '../context.ts';
import { AadError } from '../errors/aad-error.ts';
import type { AadParams, InjectableCode } from '../errors/aadsts-catalog.ts';
import type { StubClient } from '../options.ts';
import { type FailurePoint, takeInjection } from '../state/store.ts';

export interface FailureContext {
  client: StubClient;
  email?: string;
  resource?: string;
  /** When the grant in question was issued, for the 50173 and 700082 texts. */
  issuedAt?: number;
}

/** Throws the next one-shot failure queued by `failNext` for this point and user, if any. */
export function throwIfInjected(ctx: StubContext, at: FailurePoint, failure: FailureContext): void {
  const code = takeInjection(ctx.store, at, failure.email);
  if (code !== undefined) {
    throw buildAadError(ctx, code, failure);
  }
}

/** Fills in the values Microsoft prints in each code's text. */
export function buildAadError(
  ctx: StubContext,
  code: InjectableCode,
  failure: FailureContext,
): AadError {
  const revokedAt = failure.email ? ctx.store.revokedAt.get(failure.email) : undefined;
  const params: AadParams = {
    clientId: failure.client.clientId,
    appName: failure.client.displayName,
    email: failure.email,
    resource: failure.resource ?? 'https://outlook.office.com',
    issuedAt: formatGrantDate(failure.issuedAt ?? Date.now()),
    validFrom: formatGrantDate(revokedAt ?? Date.now()),
  };
  return new AadError(code, params);
}

/** Microsoft prints grant dates with seven fraction digits: `2021-01-05T05:09:31.5970000Z`. */
export function formatGrantDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

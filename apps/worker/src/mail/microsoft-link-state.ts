import { pollSchedulerId, QUEUE_NAMES } from '@postwerk/contracts';
import { MicrosoftLinkDeadError, MicrosoftLinkMissingError } from '@postwerk/mailcore';
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { WorkerDeps } from '../deps.ts';

/** A failure no poll can get past until someone signs in at Microsoft again. */
export function isLinkUnusable(error: unknown): boolean {
  return error instanceof MicrosoftLinkDeadError || error instanceof MicrosoftLinkMissingError;
}

/**
 * Removes the mailbox's poll schedule: with a dead or missing Microsoft link every run would
 * fail the same way. The API creates it again when the mailbox is linked anew (its callback
 * syncs the schedule), so nothing here needs undoing.
 */
// Known limit: a link found dead by a send or by [Einstellungen testen] stops the polls only
// at the next scheduled poll, which fails once (without retries) and then removes it. The
// recovery sweep that recreates lost schedules after a Redis data loss does the same.
export async function stopPolling(deps: WorkerDeps, mailboxId: string, log: Logger) {
  // Passing our connection makes the queue share it: close() leaves it open.
  const queue = new Queue(QUEUE_NAMES.pollPop3, {
    connection: deps.redis,
    prefix: deps.env.QUEUE_PREFIX,
  });
  try {
    const removed = await queue.removeJobScheduler(pollSchedulerId(mailboxId));
    if (removed) {
      log.info({ mailboxId }, 'poll schedule stopped until the mailbox is linked again');
    }
  } finally {
    await queue.close();
  }
}

/**
 * The mail server refused an access token Postwerk believed valid (revoked sessions or a
 * password change can end it early): fetch a new one at once, which also tells right away
 * whether the link itself is dead. A dead link stops the polls before the error goes on.
 */
export async function renewRefusedToken(
  deps: WorkerDeps,
  mailboxId: string,
  refused: string,
  log: Logger,
): Promise<{ accessToken: string; upn: string }> {
  log.info({ mailboxId }, 'mail server refused the access token; refreshing it');
  try {
    return await deps.tokens.getAccessToken(mailboxId, { refused });
  } catch (error) {
    if (isLinkUnusable(error)) {
      await stopPolling(deps, mailboxId, log);
    }
    throw error;
  }
}

/** The server's answer to an XOAUTH2 token it did not accept. */
// Known limit: POP3 only; an SMTP server refusing a token (535 on AUTH XOAUTH2) does not
// trigger a refresh, so a revoked link is found there when the access token expires.
export function isTokenRefused(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'POP3_XOAUTH2_REJECTED';
}

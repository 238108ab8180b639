import { PollPop3Job } from '@postwerk/contracts';
import { type Job, UnrecoverableError } from 'bullmq';
import type { WorkerDeps } from '../deps.ts';
import { describeOauthLogin, loadMailbox } from '../mail/endpoints.ts';
import { fetchMailbox } from '../mail/fetch-mailbox.ts';
import { describeFailure } from '../mail/mail-failure.ts';
import { withMailboxLock } from '../mail/mailbox-lock.ts';
import { recordMailboxFailure, recordMailboxSuccess } from '../mail/mailbox-status.ts';
import {
  isLinkUnusable,
  isTokenRefused,
  renewRefusedToken,
  stopPolling,
} from '../mail/microsoft-link-state.ts';
import { startSessionRecorder } from '../mail/session-recorder.ts';

/** A scheduled POP3 poll of one mailbox. */
export async function processPollPop3(deps: WorkerDeps, job: Job): Promise<{ fetched: number }> {
  const { tenantId, mailboxId } = PollPop3Job.parse(job.data);
  const log = deps.log.child({
    queue: job.queueName,
    jobId: job.id,
    attempt: job.attemptsMade + 1,
  });
  const mailbox = await loadMailbox(deps, tenantId, mailboxId);
  const settings = await deps.prisma.tenantSettings.findUnique({ where: { tenantId } });
  if (!mailbox?.incomingServer || !settings?.fetchFromIncoming) {
    log.info({ mailboxId }, 'poll skipped: fetching is off for this mailbox');
    return { fetched: 0 };
  }
  const server = mailbox.incomingServer;
  const recorder = startSessionRecorder(deps.prisma, settings.logPop3Sessions, {
    tenantId,
    mailboxId,
    protocol: 'POP3',
    host: server.host,
  });

  try {
    const result = await withMailboxLock(deps.redis, mailboxId, deps.env.POP3_LOCK_TTL_MS, () =>
      fetchMailbox(deps, mailbox, log, recorder.onLine),
    );
    if (!result) {
      log.info({ mailboxId }, 'poll skipped: another poll of this mailbox is running');
      return { fetched: 0 };
    }
    await recordMailboxSuccess(deps, mailboxId, 'poll');
    await recorder.finish('ok');
    log.info({ mailboxId, ...result }, 'pop3 poll done');
    return { fetched: result.fetched };
  } catch (error) {
    const isOauth = server.authMethod === 'OAUTH2';
    const failure = describeFailure(error, {
      protocol: 'POP3',
      stage: 'fetch',
      security: server.security,
      port: server.port,
      authType: isOauth ? 'oauth2' : 'password',
      ...(isOauth && isTokenRefused(error) ? await describeOauthLogin(deps, mailbox) : {}),
    });
    await recorder.finish(failure.code).catch(() => {});
    // Another account's token without Full Access: a fresh token would be refused alike, so
    // none is fetched. The schedule stays: granting Full Access in Exchange heals the next
    // poll without anyone touching Postwerk, and each refused poll ends at the login.
    const isAccessDenied = failure.code === 'POP3_MAILBOX_ACCESS_DENIED';
    if (isLinkUnusable(error)) {
      // Stop the schedule rather than fail every few minutes; a new sign-in restores it.
      await stopPolling(deps, mailboxId, log);
    } else if (isOauth && isTokenRefused(error) && !isAccessDenied) {
      // The next poll gets a fresh token, or the link is found dead now (and polls stop).
      await deps.tokens
        .getAccessToken(mailboxId)
        .then(({ accessToken }) => renewRefusedToken(deps, mailboxId, accessToken, log))
        .catch(() => undefined);
    }
    const final = !failure.transient || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (final) {
      await recordMailboxFailure(deps, mailboxId, 'poll', failure);
    }
    log[final ? 'error' : 'warn'](
      { code: failure.code, transient: failure.transient },
      'poll failed',
    );
    if (!failure.transient) {
      throw new UnrecoverableError(failure.code);
    }
    throw new Error(failure.code, { cause: error });
  }
}

import { PollPop3Job } from '@postwerk/contracts';
import type { IncomingServer } from '@postwerk/db';
import { type Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { WorkerDeps } from '../deps.ts';
import { describeOauthLogin, loadMailbox } from '../mail/endpoints.ts';
import { type FetchResult, fetchMailbox } from '../mail/fetch-mailbox.ts';
import { type IncomingEndpoint, incomingEndpointsOf } from '../mail/incoming-endpoints.ts';
import { describeFailure, type MailFailure } from '../mail/mail-failure.ts';
import { withMailboxLock } from '../mail/mailbox-lock.ts';
import { recordMailboxFailure, recordMailboxSuccess } from '../mail/mailbox-status.ts';
import {
  isLinkUnusable,
  isTokenRefused,
  renewRefusedToken,
  stopPolling,
} from '../mail/microsoft-link-state.ts';
import { startSessionRecorder } from '../mail/session-recorder.ts';

type Mailbox = NonNullable<Awaited<ReturnType<typeof loadMailbox>>>;
type EndpointFailure = { error: unknown; failure: MailFailure; server: IncomingServer };

/**
 * A scheduled POP3 poll of one mailbox: its incoming server and, with "Verschiedene Server je
 * Firma", each other maildrop a company's server reaches (incoming-endpoints.ts). One failing
 * maildrop does not keep the others from being fetched; the job then fails with its cause.
 */
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
  const endpoints = await incomingEndpointsOf(deps, mailbox, settings);

  let fetched = 0;
  let firstFailure: EndpointFailure | undefined;
  const ran = await withMailboxLock(deps.redis, mailboxId, deps.env.POP3_LOCK_TTL_MS, async () => {
    for (const endpoint of endpoints) {
      const outcome = await pollEndpoint(deps, mailbox, endpoint, settings.logPop3Sessions, log);
      if ('failure' in outcome) {
        firstFailure ??= outcome;
      } else {
        fetched += outcome.fetched;
      }
    }
    return true;
  });
  if (!ran) {
    log.info({ mailboxId }, 'poll skipped: another poll of this mailbox is running');
    return { fetched: 0 };
  }
  if (!firstFailure) {
    await recordMailboxSuccess(deps, mailboxId, 'poll');
    return { fetched };
  }
  return handleFailure(deps, job, mailbox, firstFailure, log);
}

/** One maildrop: fetched and logged, or its failure described (and its session closed). */
async function pollEndpoint(
  deps: WorkerDeps,
  mailbox: Mailbox,
  endpoint: IncomingEndpoint,
  logSession: boolean,
  log: Logger,
): Promise<FetchResult | EndpointFailure> {
  const { server } = endpoint;
  const recorder = startSessionRecorder(deps.prisma, logSession, {
    tenantId: mailbox.tenantId,
    mailboxId: mailbox.id,
    protocol: 'POP3',
    host: server.host,
  });
  try {
    const result = await fetchMailbox(deps, mailbox, log, recorder.onLine, endpoint);
    await recorder.finish('ok');
    log.info({ mailboxId: mailbox.id, incomingServerId: server.id, ...result }, 'pop3 poll done');
    return result;
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
    return { error, failure, server };
  }
}

async function handleFailure(
  deps: WorkerDeps,
  job: Job,
  mailbox: Mailbox,
  { error, failure, server }: EndpointFailure,
  log: Logger,
): Promise<never> {
  const mailboxId = mailbox.id;
  const isOauth = server.authMethod === 'OAUTH2';
  // Another account's token without Full Access: a fresh token would be refused alike, so
  // none is fetched. The schedule stays: granting Full Access in Exchange heals the next
  // poll without anyone touching Postwerk, and each refused poll ends at the login.
  const isAccessDenied = failure.code === 'POP3_MAILBOX_ACCESS_DENIED';
  // Only the mailbox's own server stops the schedule: behind a company's Microsoft server,
  // the other maildrops (say, one with a password) still deliver, and the status shows the link.
  if (isLinkUnusable(error) && server.id === mailbox.incomingServerId) {
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
    { code: failure.code, transient: failure.transient, incomingServerId: server.id },
    'poll failed',
  );
  if (!failure.transient) {
    throw new UnrecoverableError(failure.code);
  }
  throw new Error(failure.code, { cause: error });
}

import { setTimeout as sleep } from 'node:timers/promises';
import { SendMailJob } from '@postwerk/contracts';
import { isDatabaseUnavailable } from '@postwerk/db';
import { createSmtpTransport, sendRawMessage } from '@postwerk/mailcore';
import { type Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { WorkerDeps } from '../deps.ts';
import { loadMailbox, type ResolvedSmtp, resolveSmtp } from '../mail/endpoints.ts';
import { describeFailure } from '../mail/mail-failure.ts';
import { recordMailboxFailure, recordMailboxSuccess } from '../mail/mailbox-status.ts';
import { startSessionRecorder } from '../mail/session-recorder.ts';

const SENT_MARKER_PATIENCE_MS = 120_000;

/**
 * Sends one stored message. Idempotent: a message already SENT or FAILED is not touched, and
 * the SENT marker is written the moment the server answers 250. The one window for a
 * duplicate delivery is a crash between that 250 and the marker's commit.
 */
export async function processSendMail(deps: WorkerDeps, job: Job): Promise<{ status: string }> {
  const { tenantId, outboundMessageId } = SendMailJob.parse(job.data);
  const log = deps.log.child({
    queue: job.queueName,
    jobId: job.id,
    attempt: job.attemptsMade + 1,
  });
  const message = await deps.prisma.outboundMessage.findFirst({
    where: { id: outboundMessageId, tenantId },
  });
  if (!message || message.status === 'SENT' || message.status === 'FAILED') {
    log.info({ status: message?.status ?? 'MISSING' }, 'send skipped');
    return { status: message?.status ?? 'MISSING' };
  }
  const mailbox = await loadMailbox(deps, tenantId, message.mailboxId);
  const settings = await deps.prisma.tenantSettings.findUnique({ where: { tenantId } });
  if (!mailbox || !settings) {
    return { status: 'MISSING' };
  }
  await deps.prisma.outboundMessage.update({
    where: { id: message.id },
    data: { status: 'SENDING', attempts: { increment: 1 } },
  });

  const target = { tenantId, mailboxId: mailbox.id, protocol: 'SMTP' as const };
  let resolved: ResolvedSmtp | undefined;
  let recorder: ReturnType<typeof startSessionRecorder> | undefined;
  let response: string;
  try {
    resolved = await resolveSmtp(deps, mailbox, settings, message.companyId);
    recorder = startSessionRecorder(deps.prisma, settings.logSmtpSessions, {
      ...target,
      host: resolved.options.host,
    });
    // A logged send gets its own connection, so its transcript is this session alone.
    const transport = recorder.onLine
      ? createSmtpTransport({ ...resolved.options, onLine: recorder.onLine, logger: log })
      : deps.smtpPool.get({ ...resolved.options, logger: log });
    const result = await sendRawMessage(transport, {
      envelope: { from: message.envelopeFrom, to: message.recipients },
      raw: Buffer.from(message.raw),
    }).finally(() => {
      if (recorder?.onLine) {
        transport.close();
      }
    });
    response = result.response;
  } catch (error) {
    const failure = describeFailure(error, {
      protocol: 'SMTP',
      stage: 'send',
      security: resolved?.options.security,
      port: resolved?.options.port,
      authType: resolved?.authType,
    });
    await recorder?.finish(failure.code).catch(() => {});
    const attempts = job.opts.attempts ?? 1;
    const final = !failure.transient || job.attemptsMade + 1 >= attempts;
    await deps.prisma.outboundMessage.update({
      where: { id: message.id },
      data: {
        status: final ? 'FAILED' : 'QUEUED',
        errorCode: failure.code,
        errorMessage: `${failure.messageDe} ${failure.actionDe}`,
        smtpResponse: failure.detail ?? null,
        ...(resolved ? serverUsed(resolved) : {}),
      },
    });
    if (final) {
      await recordMailboxFailure(deps, mailbox.id, 'send', failure);
    }
    log[final ? 'error' : 'warn'](
      { code: failure.code, transient: failure.transient, ...serverFields(resolved, message) },
      'send failed',
    );
    if (!failure.transient) {
      throw new UnrecoverableError(failure.code);
    }
    throw new Error(failure.code, { cause: error });
  }

  // The server has the message: from here on no failure may lead to a second send.
  await markSent(deps, message.id, { response, ...serverUsed(resolved) }, log);
  await recordMailboxSuccess(deps, mailbox.id, 'send').catch((err: Error) => {
    log.warn({ err: err.message }, 'mailbox status not updated after send');
  });
  await recorder?.finish('sent').catch(() => {});
  log.info({ messageId: message.id, ...serverFields(resolved, message) }, 'message sent');
  return { status: 'SENT' };
}

/** What the message row records of the server an attempt used. */
function serverUsed(resolved: ResolvedSmtp) {
  return { outgoingServerId: resolved.server?.id ?? null, serverSource: resolved.source };
}

/**
 * The log fields saying which server sent and why: the company's choice, the mailbox's own
 * server (no company, the setting off, or no choice for that company) or the relay.
 */
function serverFields(resolved: ResolvedSmtp | undefined, message: { companyId: string | null }) {
  return {
    route: resolved?.route,
    serverSource: resolved?.source,
    outgoingServerId: resolved?.server?.id,
    companyId: message.companyId ?? undefined,
  };
}

/**
 * Writes the SENT marker, waiting out a database restart or failover for up to
 * SENT_MARKER_PATIENCE_MS: a job that failed here would be retried and send the message again.
 */
async function markSent(
  deps: WorkerDeps,
  id: string,
  sent: { response: string } & ReturnType<typeof serverUsed>,
  log: Logger,
) {
  const { response, ...server } = sent;
  const deadline = Date.now() + SENT_MARKER_PATIENCE_MS;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      await deps.prisma.outboundMessage.update({
        where: { id },
        data: {
          status: 'SENT',
          sentAt: new Date(),
          smtpResponse: response.slice(0, 500),
          ...server,
          errorCode: null,
          errorMessage: null,
        },
      });
      return;
    } catch (error) {
      // Known limit: a database away for longer than this fails the job, and its retry
      // delivers the message a second time.
      if (!isDatabaseUnavailable(error) || Date.now() + delay > deadline) {
        throw error;
      }
      log.warn({ messageId: id, code: (error as { code?: string }).code }, 'SENT marker waits');
      await sleep(delay);
    }
  }
}

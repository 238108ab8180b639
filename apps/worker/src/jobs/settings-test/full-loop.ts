import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingServer, Mailbox, OutgoingServer } from '@postwerk/db';
import { buildMessage, createSmtpTransport, sendRawMessage } from '@postwerk/mailcore';
import type { Logger } from 'pino';
import type { WorkerDeps } from '../../deps.ts';
import { resolveSmtp } from '../../mail/endpoints.ts';
import { fetchMailbox } from '../../mail/fetch-mailbox.ts';
import {
  endpointOf,
  type IncomingEndpoint,
  incomingEndpointsOf,
} from '../../mail/incoming-endpoints.ts';
import { MailConfigError } from '../../mail/mail-failure.ts';
import { withMailboxLock } from '../../mail/mailbox-lock.ts';
import { startSessionRecorder } from '../../mail/session-recorder.ts';
import type { TestRunRecorder } from '../../mail/test-run-recorder.ts';
import { formatBytesDe, formatLocalTime, formatSizeDe } from './step-texts.ts';

type MailboxWithServers = Mailbox & {
  incomingServer: IncomingServer | null;
  outgoingServer: OutgoingServer | null;
};

const FETCH_RETRY_MS = 2_000;

/**
 * The whole loop of the help page: a test mail goes out over SMTP to the mailbox's own
 * address, comes back over POP3, and is found in the mailbox's inbox in Postwerk.
 */
export async function runFullLoopTest(
  deps: WorkerDeps,
  mailbox: MailboxWithServers,
  runId: string,
  recorder: TestRunRecorder,
  log: Logger,
): Promise<void> {
  const settings = await deps.prisma.tenantSettings.findUniqueOrThrow({
    where: { tenantId: mailbox.tenantId },
  });
  const smtp = await recorder.step(
    'credentials',
    'Zugangsdaten für den Versand laden',
    () => resolveSmtp(deps, mailbox, settings),
    (resolved) =>
      `${resolved.options.host}:${resolved.options.port} (${resolved.options.security})`,
  );

  const marker = `<postwerk-test-${randomUUID()}@postwerk.local>`;
  await deps.prisma.settingsTestRun.update({ where: { id: runId }, data: { marker } });
  const from = { name: mailbox.displayName, address: mailbox.externalAddress };
  const message = await buildMessage({
    from,
    to: [mailbox.externalAddress],
    subject: `Postwerk Testnachricht ${formatLocalTime(new Date())}`,
    text: 'Diese Nachricht hat Postwerk mit [Einstellungen testen] gesendet.\r\n',
    messageId: marker,
    envelopeFrom: smtp.route === 'RELAY' ? mailbox.relayAddress : mailbox.externalAddress,
  });
  await recorder.step(
    'send',
    `Testnachricht per SMTP an ${mailbox.externalAddress} senden`,
    async () => {
      const recorder = startSessionRecorder(deps.prisma, settings.logSmtpSessions, {
        tenantId: mailbox.tenantId,
        mailboxId: mailbox.id,
        protocol: 'SMTP',
        host: smtp.options.host,
      });
      const transport = createSmtpTransport({
        ...smtp.options,
        onLine: recorder.onLine,
        logger: log,
      });
      try {
        const result = await sendRawMessage(transport, {
          envelope: message.envelope,
          raw: message.raw,
        });
        await recorder.finish('sent');
        return result;
      } catch (error) {
        await recorder.finish('failed');
        throw Object.assign(error as Error, { protocol: 'SMTP' });
      } finally {
        transport.close();
      }
    },
    (result) => result.response,
  );

  if (!mailbox.incomingServer) {
    throw new MailConfigError(
      'INCOMING_SERVER_MISSING',
      'Für dieses Postfach ist kein Posteingangsserver ausgewählt.',
      'Wählen Sie im Postfach unter „E-Mail Empfang“ einen Posteingangsserver aus.',
    );
  }
  // The poll's ledger for this maildrop, so the test mail is never stored a second time.
  const endpoints = await incomingEndpointsOf(deps, mailbox, settings);
  const endpoint = endpointOf(endpoints, mailbox.incomingServer);
  const received = await recorder.step(
    'fetch',
    'Testnachricht per POP3 abholen',
    () => fetchUntilArrived(deps, mailbox, marker, log),
    (row) => `angekommen nach ${row.waitedSeconds} s`,
  );
  await recorder.step(
    'inbox',
    'Testnachricht im Posteingang gefunden',
    async () => received,
    (row) =>
      row.identical
        ? `Inhalt unverändert (${formatSizeDe(row.size)})`
        : `Inhalt vom Server ergänzt (${formatBytesDe(row.size)} statt ${formatBytesDe(message.raw.length)})`,
  );

  async function fetchUntilArrived(...args: Parameters<typeof findAfterFetch>) {
    args[4] = settings.logPop3Sessions;
    args[5] = endpoint;
    const deadline = Date.now() + deps.env.FULL_LOOP_TIMEOUT_MS;
    const started = Date.now();
    for (;;) {
      const found = await findAfterFetch(...args);
      if (found) {
        const identical = Buffer.from(found.raw).equals(message.raw);
        const waitedSeconds = Math.round((Date.now() - started) / 1000);
        return { size: found.size, identical, waitedSeconds };
      }
      if (Date.now() > deadline) {
        throw new MailConfigError(
          'FULL_LOOP_NOT_ARRIVED',
          'Die Testnachricht wurde gesendet, kam aber nicht im Posteingang an.',
          'Prüfen Sie, ob Regeln im Postfach die Nachricht verschieben, und ob der ' +
            'Posteingangsserver dasselbe Postfach abholt, an das gesendet wurde.',
        );
      }
      await sleep(FETCH_RETRY_MS);
    }
  }
}

async function findAfterFetch(
  deps: WorkerDeps,
  mailbox: MailboxWithServers,
  marker: string,
  log: Logger,
  logSession = false,
  endpoint?: IncomingEndpoint,
) {
  const recorder = startSessionRecorder(deps.prisma, logSession, {
    tenantId: mailbox.tenantId,
    mailboxId: mailbox.id,
    protocol: 'POP3',
    host: mailbox.incomingServer?.host ?? '',
  });
  try {
    await withMailboxLock(deps.redis, mailbox.id, deps.env.POP3_LOCK_TTL_MS, () =>
      fetchMailbox(deps, mailbox, log, recorder.onLine, endpoint),
    );
    await recorder.finish('ok');
  } catch (error) {
    await recorder.finish('failed');
    throw Object.assign(error as Error, { protocol: 'POP3' });
  }
  return deps.prisma.receivedMessage.findFirst({
    where: { mailboxId: mailbox.id, messageId: marker },
    select: { raw: true, size: true },
  });
}

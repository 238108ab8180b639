import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import {
  SMTPServer,
  type SMTPServerDataStream,
  type SMTPServerOptions,
  type SMTPServerSession,
} from 'smtp-server';
import { isLocalMailbox, normalizeEmail } from '../accounts.ts';
import type { MaildirStore } from '../maildir.ts';
import type { MailSink } from '../sink.ts';
import type { TlsFiles } from '../tls-certificates.ts';
import { type AuthContext, authenticate } from './authenticate.ts';
import { readFromAddresses, readMessageId } from './message-headers.ts';
import * as replies from './microsoft-replies.ts';

/** Exchange Online advertises SIZE 157286400 on its submission endpoint. */
const MAX_MESSAGE_BYTES = 157_286_400;

export interface SubmissionContext extends AuthContext {
  maildirs: MaildirStore;
  sink: MailSink;
  tls: TlsFiles;
}

export interface SubmissionServers {
  ports: { submission: number; smtps: number };
  close(): Promise<void>;
}

/** Starts STARTTLS submission and implicit-TLS submission with the same behaviour. */
export async function startSubmissionServers(
  context: SubmissionContext,
  ports: { submission: number; smtps: number },
): Promise<SubmissionServers> {
  const base = await buildOptions(context);
  const starttls = new SMTPServer({ ...base, secure: false });
  const implicit = new SMTPServer({ ...base, secure: true });
  const servers = [starttls, implicit];
  for (const server of servers) {
    // Mostly clients dropping connections, which tests do on purpose.
    server.on('error', (error) => context.log.debug({ err: error }, 'smtp connection error'));
  }

  const close = async () => {
    await Promise.all(servers.map((server) => new Promise<void>((r) => server.close(() => r()))));
  };
  try {
    const submission = await listen(starttls, ports.submission);
    const smtps = await listen(implicit, ports.smtps);
    context.log.info({ submission, smtps }, 'smtp submission started');
    return { ports: { submission, smtps }, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function buildOptions(context: SubmissionContext): Promise<SMTPServerOptions> {
  return {
    name: replies.SMTP_HOSTNAME,
    banner: 'Microsoft ESMTP MAIL Service ready',
    key: await readFile(context.tls.keyPath),
    cert: await readFile(context.tls.certPath),
    minVersion: 'TLSv1.2',
    size: MAX_MESSAGE_BYTES,
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    authOptional: false,
    // AUTH stays offered before STARTTLS (smtp-server always lists it); authenticate() answers
    // 538 5.7.11 itself so clients that authenticate too early get Microsoft's text.
    allowInsecureAuth: true,
    hideENHANCEDSTATUSCODES: true,
    disableReverseLookup: true,
    // Open connections of pooled clients would otherwise hold close() for 30 s.
    closeTimeout: 1000,
    logger: false,
    onAuth(auth, session, callback) {
      authenticate(context, auth, session).then(
        (mailbox) => callback(null, { user: mailbox }),
        (error: Error) => callback(error),
      );
    },
    onMailFrom(_address, session, callback) {
      if (context.controls.get(session.user).throttled) {
        context.log.info({}, 'smtp mail from refused: throttled');
        return callback(replies.throttled());
      }
      callback();
    },
    onData(stream, session, callback) {
      receiveMessage(context, stream, session).then(
        (reply) => callback(null, reply),
        (error: Error) => callback(error),
      );
    },
  };
}

/**
 * Reads the message, applies Exchange's send-as rule, then delivers. The check runs after DATA,
 * where Exchange reports it too: MAIL FROM is answered 250 and the 554 comes at the end.
 */
async function receiveMessage(
  context: SubmissionContext,
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
): Promise<string> {
  const raw = await readStream(stream);
  if (stream.sizeExceeded) {
    throw replies.messageTooLarge(MAX_MESSAGE_BYTES);
  }

  const sender = normalizeEmail(String(session.user));
  const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
  // A null reverse-path (MAIL FROM:<>) names nobody, so only the header From is checked then.
  assertMaySendAs(context, sender, [mailFrom, ...readFromAddresses(raw)].filter(Boolean));

  const recipients = session.envelope.rcptTo.map((rcpt) => normalizeEmail(rcpt.address));
  const localRecipients = recipients.filter((rcpt) => isLocalMailbox(context.book, rcpt));
  for (const rcpt of localRecipients) {
    await context.maildirs.deliver(rcpt, raw);
  }

  const id = randomBytes(8).toString('hex').toUpperCase();
  context.sink.record({
    id,
    authUser: sender,
    mailFrom: normalizeEmail(mailFrom),
    recipients,
    localRecipients,
    remoteRecipients: recipients.filter((rcpt) => !localRecipients.includes(rcpt)),
    raw,
    receivedAt: new Date(),
  });
  context.log.debug({ id, sender, recipients, bytes: raw.length }, 'smtp message accepted');
  return replies.queued(readMessageId(raw));
}

function assertMaySendAs(context: SubmissionContext, sender: string, addresses: string[]): void {
  const denied = context.controls.get(sender).sendAsDenied;
  const foreign = addresses.find((address) => !context.controls.canSendAs(sender, address));
  if (denied || foreign !== undefined) {
    const from = foreign ?? addresses.find(Boolean) ?? sender;
    context.log.info({ forced: denied }, 'smtp message refused: send as denied');
    throw replies.sendAsDenied(sender, from);
  }
}

async function readStream(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function listen(server: SMTPServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve((server.server.address() as AddressInfo).port);
    });
  });
}

import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message a sink accepted, with the login it was sent under. */
export type SinkDelivery = {
  authMethod: string;
  authUser: string;
  /** The password (PLAIN, LOGIN) or bearer token (XOAUTH2) the client presented. */
  secret: string;
  mailFrom: string;
  recipients: string[];
  raw: Buffer;
};

export type SmtpSink = {
  port: number;
  deliveries: SinkDelivery[];
  close(): Promise<void>;
};

/**
 * A second (and third) real SMTP server next to the mail stack: smtp-server on an ephemeral
 * port of 127.0.0.1, in clear (security NONE), accepting every login and recording it with
 * each message, so a test can tell which server a send went through and as whom.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const deliveries: SinkDelivery[] = [];
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    closeTimeout: 1000,
    logger: false,
    onAuth(auth, _session, callback) {
      const secret = auth.method === 'XOAUTH2' ? auth.accessToken : auth.password;
      const user = { method: auth.method, name: auth.username ?? '', secret: secret ?? '' };
      callback(null, { user });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const login = session.user as unknown as { method: string; name: string; secret: string };
        deliveries.push({
          authMethod: login.method,
          authUser: login.name,
          secret: login.secret,
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks),
        });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    deliveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

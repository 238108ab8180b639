import type { AddressInfo } from 'node:net';
import {
  SMTPServer,
  type SMTPServerAuthentication,
  type SMTPServerAuthenticationResponse,
  type SMTPServerOptions,
  type SMTPServerSession,
} from 'smtp-server';

/** What the server saw of one AUTH. */
export interface RecordedAuth {
  method: string;
  username?: string;
  password?: string;
  accessToken?: string;
  secure: boolean;
}

/** One message as the server received it. */
export interface RecordedMessage {
  from: string | false;
  to: string[];
  raw: Buffer;
  secure: boolean;
}

export interface SmtpTestServer {
  port: number;
  auths: RecordedAuth[];
  messages: RecordedMessage[];
  close(): Promise<void>;
}

type AuthDecision = (auth: SMTPServerAuthentication) => Error | { user: string } | undefined;

export interface SmtpTestServerOptions extends SMTPServerOptions {
  /** Decides each AUTH; accepts everyone by default. */
  decideAuth?: AuthDecision;
}

/** Starts an smtp-server on 127.0.0.1 that records AUTH attempts and received messages. */
export async function startSmtpTestServer(
  options: SmtpTestServerOptions = {},
): Promise<SmtpTestServer> {
  const { decideAuth, ...serverOptions } = options;
  const auths: RecordedAuth[] = [];
  const messages: RecordedMessage[] = [];

  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    ...serverOptions,
    onAuth(auth, session, callback) {
      auths.push({
        method: auth.method,
        username: auth.username,
        password: auth.password ?? undefined,
        accessToken: auth.accessToken ?? undefined,
        secure: session.secure,
      });
      const decision = decideAuth ? decideAuth(auth) : { user: auth.username ?? 'user' };
      if (decision instanceof Error) {
        callback(decision);
        return;
      }
      callback(null, decision as SMTPServerAuthenticationResponse);
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : false,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks),
          secure: session.secure,
        });
        callback(null);
      });
    },
  });
  server.on('error', () => undefined);

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    auths,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An error smtp-server answers AUTH with, e.g. 535 and Microsoft's text. */
export function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

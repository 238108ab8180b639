import { connect } from 'node:net';
import type { IncomingServer, Mailbox, OutgoingServer } from '@postwerk/db';
import { Pop3Client } from '@postwerk/mailcore';
import type { Logger } from 'pino';
import type { WorkerDeps } from '../../deps.ts';
import { describeOauthLogin, resolvePop3 } from '../../mail/endpoints.ts';
import { MailConfigError } from '../../mail/mail-failure.ts';
import { isTokenRefused, renewRefusedToken } from '../../mail/microsoft-link-state.ts';
import { startSessionRecorder } from '../../mail/session-recorder.ts';
import type { TestRunRecorder } from '../../mail/test-run-recorder.ts';
import { describeMailboxContents } from './step-texts.ts';

type MailboxWithServers = Mailbox & {
  incomingServer: IncomingServer | null;
  outgoingServer: OutgoingServer | null;
};

const SECURITY_LABELS = {
  TLS: 'TLS-Verschlüsselung (implizit) und Begrüßung',
  STARTTLS: 'STARTTLS (STLS) und Begrüßung',
  NONE: 'Begrüßung (unverschlüsselt)',
} as const;

/** Connect, TLS, authenticate, list: each a step of its own with its own time. */
export async function runIncomingTest(
  deps: WorkerDeps,
  mailbox: MailboxWithServers,
  recorder: TestRunRecorder,
  log: Logger,
): Promise<void> {
  const server = mailbox.incomingServer;
  if (!server) {
    throw new MailConfigError(
      'INCOMING_SERVER_MISSING',
      'Für dieses Postfach ist kein Posteingangsserver ausgewählt.',
      'Wählen Sie im Postfach unter „E-Mail Empfang“ einen Posteingangsserver aus.',
    );
  }
  await recorder.step('connect', `Verbindung zu ${server.host}:${server.port}`, () =>
    probeTcp(server.host, server.port),
  );
  // Credentials come after the connection steps: a dead Microsoft link should not hide
  // that the server itself is reachable.
  const { authType: _authType, auth, ...options } = await resolvePop3(deps, mailbox);
  const settings = await deps.prisma.tenantSettings.findUnique({
    where: { tenantId: mailbox.tenantId },
  });
  const session = startSessionRecorder(deps.prisma, settings?.logPop3Sessions ?? false, {
    tenantId: mailbox.tenantId,
    mailboxId: mailbox.id,
    protocol: 'POP3',
    host: server.host,
  });
  const client = new Pop3Client({ ...options, onLine: session.onLine, logger: log });
  let outcome = 'failed';
  try {
    await recorder.step('tls', SECURITY_LABELS[server.security], () => client.connect());
    const authLabel =
      auth.type === 'oauth2' ? await describeOauthLabel(deps, mailbox) : 'Anmeldung mit Kennwort';
    await recorder.step('auth', authLabel, async () => {
      try {
        await client.authenticate(auth);
      } catch (error) {
        if (auth.type !== 'oauth2' || !isTokenRefused(error)) {
          throw error;
        }
        // One more try with a fresh token on the same connection (RFC 1939 allows another
        // AUTH after a failed one); a dead link fails this step with what to do.
        const renewed = await renewRefusedToken(deps, mailbox.id, auth.accessToken, log);
        await client.authenticate({ ...auth, accessToken: renewed.accessToken });
      }
    });
    await recorder.step(
      'list',
      'Postfach auflisten',
      () => client.stat(),
      (stat) => describeMailboxContents(stat.count, stat.size),
    );
    await client.quit();
    outcome = 'ok';
  } finally {
    client.close();
    await session.finish(outcome);
  }
}

/** Names the account when it is not the mailbox's own: Exchange then needs Full Access. */
async function describeOauthLabel(deps: WorkerDeps, mailbox: Mailbox): Promise<string> {
  const login = await describeOauthLogin(deps, mailbox);
  if (!login.signedInAccount || login.signedInAccount === login.mailbox) {
    return `Anmeldung mit Microsoft-Konto (${login.mailbox})`;
  }
  return `Anmeldung am Postfach ${login.mailbox} mit Microsoft-Konto ${login.signedInAccount}`;
}

function probeTcp(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setTimeout(15_000, () => {
      socket.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' }));
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

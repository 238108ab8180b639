import type { IncomingServer, Mailbox, OutgoingServer, TenantSettings } from '@postwerk/db';
import type { OpenPop3SessionOptions, SmtpAuth, SmtpTransportOptions } from '@postwerk/mailcore';
import type { WorkerDeps } from '../deps.ts';
import { outgoingServerFor } from './company-servers.ts';
import { MailConfigError } from './mail-failure.ts';

const SERVER_PASSWORD_PURPOSE = 'server-password';

type MailboxWithServers = Mailbox & {
  outgoingServer: OutgoingServer | null;
  incomingServer: IncomingServer | null;
};

export type ResolvedSmtp = {
  options: SmtpTransportOptions;
  authType: SmtpAuth['type'];
  route: 'RELAY' | 'EXTERNAL';
  /** The external server used (null for the relay), and whether the company chose it. */
  server: { id: string; name: string } | null;
  source: 'COMPANY_SERVER' | 'MAILBOX_SERVER' | 'RELAY';
};

/**
 * Where and as whom a mailbox sends: the external server with its password or a fresh
 * Microsoft access token, or the vendor's relay. With a `companyId` and "Verschiedene Server
 * je Firma" on, the mailbox's server for that company, if it chose one. Credentials are
 * loaded here, at job time, never carried in job data.
 */
export async function resolveSmtp(
  deps: WorkerDeps,
  mailbox: MailboxWithServers,
  settings: TenantSettings,
  companyId?: string | null,
): Promise<ResolvedSmtp> {
  const { server, source } = await outgoingServerFor(deps, mailbox, settings, companyId);
  if (settings.sendRoute !== 'EXTERNAL' || !server) {
    return { ...relaySmtp(deps), route: 'RELAY', server: null, source: 'RELAY' };
  }
  if (server.authMethod === 'OAUTH2' && !settings.directConnection) {
    throw new MailConfigError(
      'DIRECT_CONNECTION_REQUIRED',
      'Die Anmeldung mit Microsoft-Konto funktioniert nur mit Direktverbindung.',
      'Schalten Sie unter Einstellungen → Kommunikation „Direktverbindung verwenden“ ein.',
    );
  }
  const auth = await authFor(deps, mailbox, server, 'SMTP');
  return {
    options: {
      host: server.host,
      port: server.port,
      security: server.security,
      auth,
      ...smtpTimeoutsOf(deps),
    },
    authType: auth.type,
    route: 'EXTERNAL',
    server: { id: server.id, name: server.name },
    source,
  };
}

/** The POP3 server and credentials of a mailbox: its own server, or `server` when given. */
export async function resolvePop3(
  deps: WorkerDeps,
  mailbox: MailboxWithServers,
  server: IncomingServer | null = mailbox.incomingServer,
): Promise<OpenPop3SessionOptions & { authType: 'password' | 'oauth2' }> {
  if (!server) {
    throw new MailConfigError(
      'INCOMING_SERVER_MISSING',
      'Für dieses Postfach ist kein Posteingangsserver ausgewählt.',
      'Wählen Sie im Postfach unter „E-Mail Empfang“ einen Posteingangsserver aus.',
    );
  }
  const auth = await authFor(deps, mailbox, server, 'POP3');
  if (auth.type === 'none') {
    throw new MailConfigError(
      'INCOMING_AUTH_MISSING',
      'Der Posteingangsserver hat keine Anmeldung eingestellt.',
      'Wählen Sie beim Posteingangsserver Kennwort oder Microsoft-Konto.',
    );
  }
  return {
    host: server.host,
    port: server.port,
    security: server.security,
    auth,
    authType: auth.type,
    ...pop3TimeoutsOf(deps),
  };
}

async function authFor(
  deps: WorkerDeps,
  mailbox: Mailbox,
  server: OutgoingServer | IncomingServer,
  protocol: 'SMTP' | 'POP3',
): Promise<
  | { type: 'none' }
  | { type: 'password'; user: string; pass: string }
  | {
      type: 'oauth2';
      user: string;
      accessToken: string;
    }
> {
  if (server.authMethod === 'OAUTH2') {
    // The mailbox's one Microsoft link, whichever server or company: the help page's rule
    // ("Dieses Konto wird für alle Server bzw. Firmen des Mitarbeiters verwendet").
    const { accessToken, upn } = await deps.tokens.getAccessToken(mailbox.id);
    // Microsoft ("Authenticate an IMAP, POP or SMTP connection using OAuth", shared mailbox
    // access): for POP3 the token is the signed-in user's, and XOAUTH2's user= names the
    // mailbox to open; Exchange opens it only when that user is the mailbox or has Full Access
    // to it. So POP3 always asks for the mailbox's own address: with the token's UPN, a link
    // to the wrong account fetched (and deleted) that account's mail instead. SMTP AUTH
    // authenticates the token's user itself; the envelope and From stay the mailbox's address,
    // which Exchange allows only with "Send As" (otherwise 5.2.252 SendAsDenied).
    const user = protocol === 'POP3' ? mailbox.externalAddress : upn;
    return { type: 'oauth2', user, accessToken };
  }
  if (server.authMethod === 'PASSWORD') {
    if (!server.username || !server.passwordCipher) {
      throw new MailConfigError(
        'SERVER_PASSWORD_MISSING',
        `Beim Server „${server.name}“ fehlen Benutzername oder Kennwort.`,
        'Tragen Sie unter Server Benutzername und Kennwort ein.',
      );
    }
    const pass = deps.secretBox.decrypt(server.passwordCipher, {
      tenantId: server.tenantId,
      purpose: SERVER_PASSWORD_PURPOSE,
    });
    return { type: 'password', user: server.username, pass };
  }
  return { type: 'none' };
}

function relaySmtp(deps: WorkerDeps): Pick<ResolvedSmtp, 'options' | 'authType'> {
  const { env } = deps;
  if (!env.RELAY_SMTP_HOST) {
    throw new MailConfigError(
      'RELAY_NOT_CONFIGURED',
      'Der Versand über den Relay-Server ist in dieser Installation nicht eingerichtet.',
      'Wählen Sie unter Einstellungen → Kommunikation den Versand über einen externen ' +
        'Postausgangsserver, oder wenden Sie sich an den Support.',
    );
  }
  const auth: SmtpAuth =
    env.RELAY_SMTP_USER && env.RELAY_SMTP_PASSWORD
      ? { type: 'password', user: env.RELAY_SMTP_USER, pass: env.RELAY_SMTP_PASSWORD }
      : { type: 'none' };
  return {
    options: {
      host: env.RELAY_SMTP_HOST,
      port: env.RELAY_SMTP_PORT,
      security: env.RELAY_SMTP_SECURITY,
      auth,
      ...smtpTimeoutsOf(deps),
    },
    authType: auth.type,
  };
}

/** MAIL_TIMEOUT_MS for every SMTP timeout, when set; mailcore's defaults otherwise. */
function smtpTimeoutsOf(deps: WorkerDeps): Pick<SmtpTransportOptions, 'timeouts'> {
  const ms = deps.env.MAIL_TIMEOUT_MS;
  return ms ? { timeouts: { connectionMs: ms, greetingMs: ms, socketMs: ms } } : {};
}

/** MAIL_TIMEOUT_MS for every POP3 timeout, when set; mailcore's defaults otherwise. */
function pop3TimeoutsOf(deps: WorkerDeps): Pick<OpenPop3SessionOptions, 'timeouts'> {
  const ms = deps.env.MAIL_TIMEOUT_MS;
  return ms ? { timeouts: { connectMs: ms, greetingMs: ms, commandMs: ms, dataIdleMs: ms } } : {};
}

/**
 * For naming both sides of a refused OAuth2 login: the mailbox asked for and the Microsoft
 * account whose token was sent (the mailbox's own address when the link is the mailbox's).
 */
export async function describeOauthLogin(
  deps: WorkerDeps,
  mailbox: Mailbox,
): Promise<{ mailbox: string; signedInAccount?: string }> {
  const link = await deps.prisma.microsoftAccountLink.findUnique({
    where: { mailboxId: mailbox.id },
    select: { upn: true, email: true },
  });
  const address = mailbox.externalAddress;
  const isOwn = [link?.upn, link?.email].some((a) => a?.toLowerCase() === address.toLowerCase());
  return { mailbox: address, signedInAccount: isOwn ? address : link?.upn };
}

/** Loads a mailbox with its servers; jobs for a deleted mailbox simply end. */
export function loadMailbox(deps: WorkerDeps, tenantId: string, mailboxId: string) {
  return deps.prisma.mailbox.findFirst({
    where: { id: mailboxId, tenantId },
    include: { outgoingServer: true, incomingServer: true },
  });
}

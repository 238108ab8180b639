import type { IncomingServer, Mailbox, OutgoingServer, TenantSettings } from '@postwerk/db';
import type { WorkerDeps } from '../deps.ts';

/** Where a send's server came from; stored on the message as its serverSource. */
export type ServerSource = 'COMPANY_SERVER' | 'MAILBOX_SERVER';

type MailboxWithServers = Mailbox & {
  outgoingServer: OutgoingServer | null;
  incomingServer: IncomingServer | null;
};

/**
 * The outgoing server for a message of `companyId`: the mailbox's choice for that company
 * while the tenant has "Verschiedene Server je Firma" on, otherwise the mailbox's own. The
 * API's serverForCompany (accepting a message) makes the same choice.
 */
export async function outgoingServerFor(
  deps: WorkerDeps,
  mailbox: MailboxWithServers,
  settings: Pick<TenantSettings, 'serversPerCompany'>,
  companyId: string | null | undefined,
): Promise<{ server: OutgoingServer | null; source: ServerSource }> {
  const choice = await loadChoice(deps, mailbox, settings, companyId);
  if (choice?.outgoingServer) {
    return { server: choice.outgoingServer, source: 'COMPANY_SERVER' };
  }
  return { server: mailbox.outgoingServer, source: 'MAILBOX_SERVER' };
}

/** The incoming server a settings test for `companyId` fetches from; as outgoingServerFor. */
export async function incomingServerFor(
  deps: WorkerDeps,
  mailbox: MailboxWithServers,
  settings: Pick<TenantSettings, 'serversPerCompany'>,
  companyId: string | null | undefined,
): Promise<{ server: IncomingServer | null; source: ServerSource }> {
  const choice = await loadChoice(deps, mailbox, settings, companyId);
  if (choice?.incomingServer) {
    return { server: choice.incomingServer, source: 'COMPANY_SERVER' };
  }
  return { server: mailbox.incomingServer, source: 'MAILBOX_SERVER' };
}

function loadChoice(
  deps: WorkerDeps,
  mailbox: Mailbox,
  settings: Pick<TenantSettings, 'serversPerCompany'>,
  companyId: string | null | undefined,
) {
  if (!companyId || !settings.serversPerCompany) {
    return Promise.resolve(null);
  }
  return deps.prisma.mailboxCompanyServer.findFirst({
    where: { tenantId: mailbox.tenantId, mailboxId: mailbox.id, companyId },
    include: { outgoingServer: true, incomingServer: true },
  });
}

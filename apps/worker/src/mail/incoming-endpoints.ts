import type { IncomingServer, Mailbox, TenantSettings } from '@postwerk/db';
import type { WorkerDeps } from '../deps.ts';

/**
 * One POP3 maildrop a mailbox is fetched from. `ledgerServerIds`: every configured server
 * that reaches this maildrop; the UIDL ledger is read under all of them and written under
 * `server`, so switching among them never imports a message twice.
 */
export type IncomingEndpoint = { server: IncomingServer; ledgerServerIds: string[] };

/**
 * The maildrops a poll fetches: the mailbox's incoming server and, while "Verschiedene Server
 * je Firma" is on, each server the mailbox chose for a company that reaches another maildrop.
 * A mailbox is one address, so per-company servers matter only where they differ: another
 * provider (another host) or another login (a password server's own user name). Servers with
 * the same host and login reach one maildrop whatever their port or security (Exchange's
 * 995 and 110 are one mailbox), and are fetched once.
 */
export async function incomingEndpointsOf(
  deps: WorkerDeps,
  mailbox: Mailbox & { incomingServer: IncomingServer | null },
  settings: Pick<TenantSettings, 'serversPerCompany'>,
): Promise<IncomingEndpoint[]> {
  const servers = mailbox.incomingServer ? [mailbox.incomingServer] : [];
  if (settings.serversPerCompany) {
    const choices = await deps.prisma.mailboxCompanyServer.findMany({
      where: { tenantId: mailbox.tenantId, mailboxId: mailbox.id, incomingServerId: { not: null } },
      include: { incomingServer: true },
      orderBy: { companyId: 'asc' },
    });
    servers.push(...choices.flatMap((choice) => choice.incomingServer ?? []));
  }
  // Known limit: two host names of one POP3 server (a DNS alias) count as two maildrops; with
  // "keep a copy on the server" on, each message is then stored once per name.
  const endpoints = new Map<string, IncomingEndpoint>();
  for (const server of servers) {
    const key = maildropKey(mailbox, server);
    const endpoint = endpoints.get(key);
    if (!endpoint) {
      endpoints.set(key, { server, ledgerServerIds: [server.id] });
    } else if (!endpoint.ledgerServerIds.includes(server.id)) {
      endpoint.ledgerServerIds.push(server.id);
    }
  }
  return [...endpoints.values()];
}

/** The endpoint that fetches through `serverId`, as a poll would. */
export function endpointOf(endpoints: IncomingEndpoint[], server: IncomingServer) {
  const found = endpoints.find((endpoint) => endpoint.ledgerServerIds.includes(server.id));
  return found ?? { server, ledgerServerIds: [server.id] };
}

/**
 * Host and login name: a Microsoft login always opens the mailbox's own address (see
 * endpoints.ts authFor), a password login the server's user name.
 */
function maildropKey(mailbox: Mailbox, server: IncomingServer): string {
  const login = server.authMethod === 'OAUTH2' ? mailbox.externalAddress : server.username;
  return `${server.host.trim().toLowerCase()}\n${(login ?? '').trim().toLowerCase()}`;
}

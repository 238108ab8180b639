import type { IncomingServer, Mailbox } from '@postwerk/db';
import { openPop3Session, type SessionLineHook } from '@postwerk/mailcore';
import type { Logger } from 'pino';
import type { WorkerDeps } from '../deps.ts';
import { resolvePop3 } from './endpoints.ts';
import { storeMessage } from './store-message.ts';

export type FetchResult = { listed: number; fetched: number; deleted: number };

type MailboxForFetch = Mailbox & {
  incomingServer: IncomingServer | null;
  outgoingServer: null | object;
};

/**
 * One POP3 pass over a mailbox. The order is what keeps mail safe:
 * 1. RETR a message whose UIDL the ledger does not know;
 * 2. store its bytes and its UIDL in one transaction;
 * 3. only then DELE it (unless "keep a copy" is on).
 * A crash before 2 fetches it again next time; a crash between 2 and 3 leaves it on the
 * server, where the next pass finds the UIDL in the ledger and only deletes it. The unique
 * ledger key (mailbox, server, UIDL) makes a second store impossible, so no message is ever
 * lost or stored twice — and a message without Message-ID is still imported by its UIDL.
 */
export async function fetchMailbox(
  deps: WorkerDeps,
  mailbox: MailboxForFetch,
  log: Logger,
  onLine?: SessionLineHook,
): Promise<FetchResult> {
  const server = mailbox.incomingServer as IncomingServer;
  const { authType: _authType, ...options } = await resolvePop3(deps, mailbox as never);
  const session = await openPop3Session({ ...options, onLine, logger: log });
  const result: FetchResult = { listed: 0, fetched: 0, deleted: 0 };
  const deletedUidls: string[] = [];
  const target = { tenantId: mailbox.tenantId, mailboxId: mailbox.id, incomingServerId: server.id };
  try {
    const listing = await session.uidl();
    result.listed = listing.length;
    const known = await knownUidls(
      deps,
      mailbox.id,
      server.id,
      listing.map((e) => e.uid),
    );

    for (const entry of listing) {
      const ledger = known.get(entry.uid);
      if (!ledger) {
        const raw = await session.retr(entry.msgNumber);
        const stored = await storeMessage(deps.pool, { ...target, uidl: entry.uid }, raw);
        result.fetched += stored ? 1 : 0;
      }
      if (!mailbox.keepCopyOnServer) {
        await session.dele(entry.msgNumber);
        deletedUidls.push(entry.uid);
      }
    }
    // DELE takes effect at QUIT (RFC 1939 §6, UPDATE state); only then is it gone.
    await session.quit();
  } catch (error) {
    session.close();
    throw error;
  }
  if (deletedUidls.length > 0) {
    await deps.prisma.pop3UidlEntry.updateMany({
      where: { mailboxId: mailbox.id, incomingServerId: server.id, uidl: { in: deletedUidls } },
      data: { deletedAt: new Date() },
    });
    result.deleted = deletedUidls.length;
  }
  return result;
}

async function knownUidls(deps: WorkerDeps, mailboxId: string, serverId: string, uidls: string[]) {
  const rows = await deps.prisma.pop3UidlEntry.findMany({
    where: { mailboxId, incomingServerId: serverId, uidl: { in: uidls } },
    select: { uidl: true, deletedAt: true },
  });
  return new Map(rows.map((row) => [row.uidl, row]));
}

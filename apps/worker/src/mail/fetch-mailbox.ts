import type { IncomingServer, Mailbox } from '@postwerk/db';
import { openPop3Session, parseInboxHeaders, type SessionLineHook } from '@postwerk/mailcore';
import type { Logger } from 'pino';
import type { WorkerDeps } from '../deps.ts';
import { resolvePop3 } from './endpoints.ts';

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
        const stored = await storeMessage(deps, mailbox, server.id, entry.uid, raw);
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

/** Stores bytes, parsed header fields and the ledger entry at once; false if already stored. */
async function storeMessage(
  deps: WorkerDeps,
  mailbox: Mailbox,
  incomingServerId: string,
  uidl: string,
  raw: Buffer,
): Promise<boolean> {
  // Only the header block is parsed here: the list needs no body, and a 30 MB attachment
  // would otherwise be decoded into memory a second time.
  const headers = await parseInboxHeaders(headerBlockOf(raw));
  try {
    await deps.prisma.receivedMessage.create({
      data: {
        tenantId: mailbox.tenantId,
        mailboxId: mailbox.id,
        // A Buffer is a Uint8Array; the cast only narrows its buffer type, no copy is made.
        raw: raw as Uint8Array<ArrayBuffer>,
        size: raw.length,
        messageId: headers.messageId?.slice(0, 998) ?? null,
        subject: headers.subject?.slice(0, 998) ?? null,
        fromAddress: headers.fromAddress?.slice(0, 320) ?? null,
        fromName: headers.fromName?.slice(0, 320) ?? null,
        sentDate: headers.date ?? null,
        uidl: {
          create: {
            tenantId: mailbox.tenantId,
            mailboxId: mailbox.id,
            incomingServerId,
            uidl,
          },
        },
      },
    });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') {
      return false; // a concurrent pass stored it first
    }
    throw error;
  }
}

function headerBlockOf(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const ends = [crlf >= 0 ? crlf + 4 : -1, lf >= 0 ? lf + 2 : -1].filter((i) => i >= 0);
  return ends.length > 0 ? raw.subarray(0, Math.min(...ends)) : raw;
}

import type { IncomingServer, Mailbox } from '@postwerk/db';
import {
  isPop3Error,
  openPop3Session,
  type Pop3Client,
  type SessionLineHook,
} from '@postwerk/mailcore';
import type { Logger } from 'pino';
import type { WorkerDeps } from '../deps.ts';
import { resolvePop3 } from './endpoints.ts';
import { FetchPipeline } from './fetch-pipeline.ts';
import type { IncomingEndpoint } from './incoming-endpoints.ts';
import { storeMessages } from './store-message.ts';

export type FetchResult = { listed: number; fetched: number; deleted: number };

type MailboxForFetch = Mailbox & {
  incomingServer: IncomingServer | null;
  outgoingServer: null | object;
};

/**
 * One POP3 pass over a mailbox. The order is what keeps mail safe:
 * 1. RETR the messages whose UIDLs the ledger does not know;
 * 2. store their bytes and UIDLs, a batch of them per transaction;
 * 3. only after that commit DELE them (unless "keep a copy" is on).
 * A crash before 2 fetches them again next time; a crash between 2 and 3 leaves them on the
 * server, where the next pass finds the UIDLs in the ledger and only deletes them. The unique
 * ledger key (mailbox, server, UIDL) makes a second store impossible, so no message is ever
 * lost or stored twice — and a message without Message-ID is still imported by its UIDL.
 * The RETRs of the next batch overlap the store of the last one (fetch-pipeline.ts).
 * `endpoint`: the maildrop to fetch (incoming-endpoints.ts); the mailbox's own server if none.
 */
export async function fetchMailbox(
  deps: WorkerDeps,
  mailbox: MailboxForFetch,
  log: Logger,
  onLine?: SessionLineHook,
  endpoint?: IncomingEndpoint,
): Promise<FetchResult> {
  const server = endpoint?.server ?? (mailbox.incomingServer as IncomingServer);
  const ledgerIds = endpoint?.ledgerServerIds ?? [server.id];
  const { authType: _authType, ...options } = await resolvePop3(deps, mailbox as never, server);
  const session = await openPop3Session({ ...options, onLine, logger: log });
  const result: FetchResult = { listed: 0, fetched: 0, deleted: 0 };
  const target = { tenantId: mailbox.tenantId, mailboxId: mailbox.id, incomingServerId: server.id };
  const pipeline = new FetchPipeline({
    session,
    store: (messages) => storeMessages(deps.pool, target, messages),
    deleteAfterStore: !mailbox.keepCopyOnServer,
  });
  try {
    const listing = await session.uidl();
    result.listed = listing.length;
    const uidls = listing.map((e) => e.uid);
    const known = await knownUidls(deps, mailbox.id, ledgerIds, uidls);
    const sizes = known.size < listing.length ? await listSizes(session) : new Map();

    const stored = listing.filter((e) => known.has(e.uid));
    if (!mailbox.keepCopyOnServer) {
      await pipeline.deleteStored(stored.map((e) => ({ msgNumber: e.msgNumber, uidl: e.uid })));
    }
    const fresh = listing.filter((e) => !known.has(e.uid));
    await pipeline.fetchAll(
      fresh.map((e) => ({
        msgNumber: e.msgNumber,
        uidl: e.uid,
        size: sizes.get(e.msgNumber) ?? 0,
      })),
    );
    await pipeline.finish();
    // DELE takes effect at QUIT (RFC 1939 §6, UPDATE state); only then is it gone.
    await session.quit();
  } catch (error) {
    await pipeline.abandon();
    session.close();
    throw error;
  }
  result.fetched = pipeline.stored;
  if (pipeline.deleted.length > 0) {
    await deps.prisma.pop3UidlEntry.updateMany({
      where: {
        mailboxId: mailbox.id,
        incomingServerId: { in: ledgerIds },
        uidl: { in: pipeline.deleted },
      },
      data: { deletedAt: new Date() },
    });
    result.deleted = pipeline.deleted.length;
  }
  return result;
}

/** Message sizes from LIST, so that batches can be bounded in bytes before the RETR. */
async function listSizes(session: Pop3Client): Promise<Map<number, number>> {
  try {
    const entries = await session.list();
    return new Map(entries.map((e) => [e.msgNumber, e.size]));
  } catch (error) {
    // A server that answers LIST with -ERR still serves RETR; batches are then bounded by the
    // sizes RETR returns, after the fact.
    if (isPop3Error(error) && error.code === 'POP3_COMMAND_FAILED') {
      return new Map();
    }
    throw error;
  }
}

async function knownUidls(
  deps: WorkerDeps,
  mailboxId: string,
  serverIds: string[],
  uidls: string[],
) {
  const rows = await deps.prisma.pop3UidlEntry.findMany({
    where: { mailboxId, incomingServerId: { in: serverIds }, uidl: { in: uidls } },
    select: { uidl: true, deletedAt: true },
  });
  return new Map(rows.map((row) => [row.uidl, row]));
}

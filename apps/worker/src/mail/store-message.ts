import { randomUUID } from 'node:crypto';
import type { DatabasePool } from '@postwerk/db';
import { parseListHeaders } from '@postwerk/mailcore';

export type StoreMessageTarget = {
  tenantId: string;
  mailboxId: string;
  incomingServerId: string;
  uidl: string;
};

/** Where a batch goes: one mailbox on one server. */
export type StoreBatchTarget = Omit<StoreMessageTarget, 'uidl'>;

/** A fetched message and the UIDL it was fetched under. */
export type FetchedMessage = { uidl: string; raw: Buffer };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LEDGER_KEY = 'Pop3UidlEntry_mailboxId_incomingServerId_uidl_key';
const MESSAGE_COLUMNS =
  '"id", "tenantId", "mailboxId", "raw", "size", ' +
  '"messageId", "subject", "fromAddress", "fromName", "sentDate"';
// Per message: the 8 values of its row after tenant and mailbox, then ledger id and UIDL.
const VALUES_PER_MESSAGE = 10;

/**
 * Stores a fetched message's bytes, the header fields the inbox lists, and its UIDL ledger
 * entry in one transaction; false when the ledger already holds the UIDL (a concurrent pass
 * stored it first).
 */
export async function storeMessage(
  pool: DatabasePool,
  target: StoreMessageTarget,
  raw: Buffer,
): Promise<boolean> {
  const { uidl, ...batchTarget } = target;
  try {
    await storeInOneTransaction(pool, batchTarget, [{ uidl, raw }]);
    return true;
  } catch (error) {
    if (isLedgerConflict(error)) {
      return false;
    }
    throw error;
  }
}

/**
 * Stores several fetched messages, each with its bytes, inbox fields and UIDL ledger entry,
 * in one transaction: either all of them are stored or none. One commit (one WAL flush) for
 * the batch instead of one per message is what makes fetching fast.
 *
 * When the ledger already holds one of the UIDLs (a concurrent pass stored it first), the
 * batch is rolled back and its messages are stored one by one, each alone, so the others
 * still arrive and none twice.
 *
 * @returns How many messages were stored by this call.
 */
export async function storeMessages(
  pool: DatabasePool,
  target: StoreBatchTarget,
  messages: FetchedMessage[],
): Promise<number> {
  if (messages.length === 0) {
    return 0;
  }
  try {
    await storeInOneTransaction(pool, target, messages);
    return messages.length;
  } catch (error) {
    if (!isLedgerConflict(error)) {
      throw error;
    }
  }
  let stored = 0;
  for (const { uidl, raw } of messages) {
    stored += (await storeMessage(pool, { ...target, uidl }, raw)) ? 1 : 0;
  }
  return stored;
}

/**
 * One transaction, pinned to the tenant like every Prisma transaction of the worker so that
 * row-level security checks these rows too, holding one statement for all messages.
 *
 * This write goes through node-postgres, not Prisma: Prisma turns a Bytes value into base64
 * and copies it four more times on its way to the driver (measured: a 30 MB message raised
 * the worker's peak RSS by over 400 MB), while node-postgres sends a Buffer as binary.
 */
async function storeInOneTransaction(
  pool: DatabasePool,
  target: StoreBatchTarget,
  messages: FetchedMessage[],
): Promise<void> {
  const statement = await buildInsert(target, messages);
  const pin = pinTenantSql(target.tenantId);
  const client = await pool.connect();
  // A checked-out client emits the socket's 'error' (a database restart) even while a query
  // is running; without a listener that ends the process. The failed query rejects anyway.
  const ignoreSocketError = () => {};
  client.on('error', ignoreSocketError);
  try {
    await client.query(`BEGIN; ${pin}`);
    await client.query(statement);
    await client.query('COMMIT');
    client.off('error', ignoreSocketError);
    client.release();
  } catch (error) {
    const rolledBack = await client.query('ROLLBACK').then(
      () => true,
      () => false,
    );
    // A connection whose state is unknown must not go back to the pool.
    client.off('error', ignoreSocketError);
    client.release(rolledBack ? undefined : (error as Error));
    throw error;
  }
}

/**
 * One statement writes the messages and their ledger entries, so a failure leaves neither:
 * the message rows in a data-modifying WITH, the ledger rows joined to what it returned.
 */
async function buildInsert(
  target: StoreBatchTarget,
  messages: FetchedMessage[],
): Promise<{ text: string; values: unknown[] }> {
  const values: unknown[] = [target.tenantId, target.mailboxId, target.incomingServerId];
  const messageRows: string[] = [];
  const ledgerRows: string[] = [];
  for (const { uidl, raw } of messages) {
    const at = values.length;
    const param = (i: number) => `$${at + i}`;
    values.push(...(await describeMessage(raw)), randomUUID(), uidl);
    const rest = [2, 3, 4, 5, 6, 7, 8].map(param).join(', ');
    messageRows.push(`(${param(1)}, $1, $2, ${rest})`);
    ledgerRows.push(`(${param(9)}::uuid, ${param(10)}::text, ${param(1)}::uuid)`);
  }
  if (values.length !== 3 + messages.length * VALUES_PER_MESSAGE) {
    throw new Error('storeMessages built a statement with the wrong number of values');
  }
  const text = `
    WITH message AS (
      INSERT INTO "ReceivedMessage" (${MESSAGE_COLUMNS})
      VALUES ${messageRows.join(', ')}
      RETURNING "id"
    )
    INSERT INTO "Pop3UidlEntry"
      ("id", "tenantId", "mailboxId", "incomingServerId", "uidl", "receivedMessageId")
    SELECT ledger."id", $1, $2, $3, ledger."uidl", message."id"
    FROM (VALUES ${ledgerRows.join(', ')}) AS ledger ("id", "uidl", "messageId")
    JOIN message ON message."id" = ledger."messageId"`;
  return { text, values };
}

/** The 8 per-message values of a ReceivedMessage row, in MESSAGE_COLUMNS order. */
async function describeMessage(raw: Buffer): Promise<unknown[]> {
  // Only the header block, and only the fields the inbox lists: no body (a 30 MB attachment
  // would otherwise be decoded into memory a second time), no MIME tree.
  const headers = await parseListHeaders(headerBlockOf(raw));
  return [
    randomUUID(),
    // Known limit: node-postgres copies the bytes once more into its Bind message, so a
    // message is in memory twice while it is written.
    raw,
    raw.length,
    headers.messageId?.slice(0, 998) ?? null,
    headers.subject?.slice(0, 998) ?? null,
    headers.fromAddress?.slice(0, 320) ?? null,
    headers.fromName?.slice(0, 320) ?? null,
    headers.date ?? null,
  ];
}

/** The same settings withScopedTransactions gives every Prisma transaction of a tenant. */
function pinTenantSql(tenantId: string): string {
  if (!UUID.test(tenantId)) {
    throw new Error('storeMessage needs a tenant id (a UUID)');
  }
  return (
    `SELECT set_config('app.tenant_id', '${tenantId}', true), ` +
    `set_config('app.bypass_rls', 'off', true)`
  );
}

function isLedgerConflict(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23505' && constraint === LEDGER_KEY;
}

function headerBlockOf(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const ends = [crlf >= 0 ? crlf + 4 : -1, lf >= 0 ? lf + 2 : -1].filter((i) => i >= 0);
  return ends.length > 0 ? raw.subarray(0, Math.min(...ends)) : raw;
}

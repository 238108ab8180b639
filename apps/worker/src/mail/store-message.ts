import { randomUUID } from 'node:crypto';
import type { DatabasePool } from '@postwerk/db';
import { parseInboxHeaders } from '@postwerk/mailcore';

export type StoreMessageTarget = {
  tenantId: string;
  mailboxId: string;
  incomingServerId: string;
  uidl: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LEDGER_KEY = 'Pop3UidlEntry_mailboxId_incomingServerId_uidl_key';

// One statement writes the message and its ledger entry, so a failure leaves neither.
const INSERT_MESSAGE_AND_LEDGER = `
  WITH message AS (
    INSERT INTO "ReceivedMessage"
      ("id", "tenantId", "mailboxId", "raw", "size",
       "messageId", "subject", "fromAddress", "fromName", "sentDate")
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
    RETURNING "id"
  )
  INSERT INTO "Pop3UidlEntry"
    ("id", "tenantId", "mailboxId", "incomingServerId", "uidl", "receivedMessageId")
  SELECT $11, $2, $3, $12, $13, "id" FROM message`;

/**
 * Stores a fetched message's bytes, the header fields the inbox lists, and its UIDL ledger
 * entry in one transaction; false when the ledger already holds the UIDL (a concurrent pass
 * stored it first).
 *
 * This write goes through node-postgres, not Prisma: Prisma turns a Bytes value into base64
 * and copies it four more times on its way to the driver (measured: a 30 MB message raised
 * the worker's peak RSS by over 400 MB), while node-postgres sends a Buffer as binary.
 * The transaction is pinned to the tenant like every Prisma transaction of the worker, so
 * row-level security checks these rows too.
 */
export async function storeMessage(
  pool: DatabasePool,
  target: StoreMessageTarget,
  raw: Buffer,
): Promise<boolean> {
  // Only the header block is parsed: the inbox list needs no body, and a 30 MB attachment
  // would otherwise be decoded into memory a second time.
  const headers = await parseInboxHeaders(headerBlockOf(raw));
  const values = [
    randomUUID(),
    target.tenantId,
    target.mailboxId,
    // Known limit: node-postgres copies the bytes once more into its Bind message, so a
    // message is in memory twice while it is written.
    raw,
    raw.length,
    headers.messageId?.slice(0, 998) ?? null,
    headers.subject?.slice(0, 998) ?? null,
    headers.fromAddress?.slice(0, 320) ?? null,
    headers.fromName?.slice(0, 320) ?? null,
    headers.date ?? null,
    randomUUID(),
    target.incomingServerId,
    target.uidl,
  ];

  const pin = pinTenantSql(target.tenantId);
  const client = await pool.connect();
  try {
    await client.query(`BEGIN; ${pin}`);
    await client.query(INSERT_MESSAGE_AND_LEDGER, values);
    await client.query('COMMIT');
    client.release();
    return true;
  } catch (error) {
    const rolledBack = await client.query('ROLLBACK').then(
      () => true,
      () => false,
    );
    // A connection whose state is unknown must not go back to the pool.
    client.release(rolledBack ? undefined : (error as Error));
    if (isLedgerConflict(error)) {
      return false;
    }
    throw error;
  }
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

import { Prisma, type SendRoute } from '@postwerk/db';

/** What accepting a message needs to know, read in one statement (see acceptContextQuery). */
export type AcceptContext = {
  displayName: string;
  externalAddress: string;
  relayAddress: string;
  outgoingServerId: string | null;
  /** Null when the tenant has no settings row yet: its defaults apply. */
  sendRoute: SendRoute | null;
  /** The message already stored under the Idempotency-Key, if any. */
  existingId: string | null;
  existingPayloadHash: string | null;
};

/**
 * The mailbox (of this tenant), the tenant's send route and the message already stored under
 * the key, in one statement: every accepted message reads them, and as three Prisma queries
 * they cost three round trips. No row means no such mailbox for this tenant.
 */
export function acceptContextQuery(tenantId: string, mailboxId: string, key: string | null) {
  return Prisma.sql`
    SELECT m."displayName", m."externalAddress", m."relayAddress", m."outgoingServerId",
      s."sendRoute"::text AS "sendRoute",
      o."id" AS "existingId", o."payloadHash" AS "existingPayloadHash"
    FROM "Mailbox" m
    LEFT JOIN "TenantSettings" s ON s."tenantId" = m."tenantId"
    LEFT JOIN "OutboundMessage" o ON o."mailboxId" = m."id" AND o."idempotencyKey" = ${key}
    WHERE m."id" = ${mailboxId}::uuid AND m."tenantId" = ${tenantId}::uuid`;
}

import { Prisma, type SendRoute } from '@postwerk/db';

/** What accepting a message needs to know, read in one statement (see acceptContextQuery). */
export type AcceptContext = {
  displayName: string;
  externalAddress: string;
  relayAddress: string;
  outgoingServerId: string | null;
  /** Null when the tenant has no settings row yet: its defaults apply. */
  sendRoute: SendRoute | null;
  serversPerCompany: boolean | null;
  /** Whether the submitted company is this tenant's (false when none was submitted). */
  companyFound: boolean;
  /** The mailbox's outgoing server for the submitted company, if it chose one. */
  companyOutgoingServerId: string | null;
  /** The message already stored under the Idempotency-Key, if any. */
  existingId: string | null;
  existingPayloadHash: string | null;
};

export type AcceptContextOptions = {
  tenantId: string;
  mailboxId: string;
  key: string | null;
  companyId: string | null;
};

/**
 * The mailbox (of this tenant), the tenant's send route, the submitted company with the
 * mailbox's server for it, and the message already stored under the key, in one statement:
 * every accepted message reads them, and as separate Prisma queries they cost a round trip
 * each. No row means no such mailbox for this tenant.
 */
export function acceptContextQuery({ tenantId, mailboxId, key, companyId }: AcceptContextOptions) {
  return Prisma.sql`
    SELECT m."displayName", m."externalAddress", m."relayAddress", m."outgoingServerId",
      s."sendRoute"::text AS "sendRoute", s."serversPerCompany",
      c."id" IS NOT NULL AS "companyFound",
      cs."outgoingServerId" AS "companyOutgoingServerId",
      o."id" AS "existingId", o."payloadHash" AS "existingPayloadHash"
    FROM "Mailbox" m
    LEFT JOIN "TenantSettings" s ON s."tenantId" = m."tenantId"
    LEFT JOIN "Company" c ON c."id" = ${companyId}::uuid AND c."tenantId" = m."tenantId"
    LEFT JOIN "MailboxCompanyServer" cs ON cs."mailboxId" = m."id" AND cs."companyId" = c."id"
    LEFT JOIN "OutboundMessage" o ON o."mailboxId" = m."id" AND o."idempotencyKey" = ${key}
    WHERE m."id" = ${mailboxId}::uuid AND m."tenantId" = ${tenantId}::uuid`;
}

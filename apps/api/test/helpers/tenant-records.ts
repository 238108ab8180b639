import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '@postwerk/db';
import type { IdKind } from './route-fields.ts';

export type TenantRecords = Record<IdKind, string>;

const SERVER = { host: 'mail.example.de', port: 995, security: 'TLS' as const };

/**
 * One record of every kind a route can name by id, written as the owner (row-level security
 * does not apply). The mailbox has both servers, so a settings test of it can start.
 */
export async function createTenantRecords(
  prisma: PrismaClient,
  tenantId: string,
  supportUserId: string,
  label: string,
): Promise<TenantRecords> {
  const tag = randomBytes(4).toString('hex');
  const company = await prisma.company.create({ data: { tenantId, name: `${label} ${tag}` } });
  // Two of each server: the mailbox uses the first pair, routes name the second (which may be
  // deleted, being in use by nothing).
  const [outgoing, inUseOutgoing] = await Promise.all(
    ['o', 'o-in-use'].map((kind) =>
      prisma.outgoingServer.create({
        data: { tenantId, name: `${label} ${kind}-${tag}`, ...SERVER, authMethod: 'NONE' },
      }),
    ),
  );
  const [incoming, inUseIncoming] = await Promise.all(
    ['i', 'i-in-use'].map((kind) =>
      prisma.incomingServer.create({
        data: { tenantId, name: `${label} ${kind}-${tag}`, ...SERVER, authMethod: 'PASSWORD' },
      }),
    ),
  );
  const mailbox = await prisma.mailbox.create({
    data: {
      tenantId,
      kind: 'EMPLOYEE',
      code: `${label}${tag}`.toUpperCase(),
      displayName: `${label} ${tag}`,
      externalAddress: `${label.toLowerCase()}-${tag}@example.de`,
      relayAddress: `${label.toLowerCase()}.${tag}@relay.example`,
      incomingRelayAddress: `${label.toLowerCase()}.${tag}@relay.example`,
      outgoingServerId: inUseOutgoing?.id,
      incomingServerId: inUseIncoming?.id,
    },
  });
  const mailboxId = mailbox.id;
  const raw = new Uint8Array(Buffer.from(`Subject: ${label}\r\n\r\n${label}\r\n`));
  const outbound = await prisma.outboundMessage.create({
    data: { tenantId, mailboxId, envelopeFrom: 'a@example.de', recipients: ['b@example.de'], raw },
  });
  const received = await prisma.receivedMessage.create({
    data: { tenantId, mailboxId, raw, size: raw.length, subject: label },
  });
  const testRun = await prisma.settingsTestRun.create({
    data: { tenantId, mailboxId, kind: 'INCOMING' },
  });
  const sessionLog = await prisma.sessionLog.create({
    data: { tenantId, mailboxId, protocol: 'POP3', host: 'pop.example.de' },
  });
  const expiresAt = new Date(Date.now() + 3_600_000);
  const consentLink = await prisma.consentLink.create({
    data: { tenantId, mailboxId, tokenHash: sha256(randomBytes(32)), expiresAt },
  });
  const accessRequest = await prisma.supportAccessRequest.create({
    data: { tenantId, supportUserId, reason: `${label} Ticket`, expiresAt },
  });
  const apiKey = await prisma.apiKey.create({
    data: {
      tenantId,
      name: `${label} Schlüssel`,
      prefix: `pwk_${tag}`,
      secretHash: sha256(randomBytes(32)),
    },
  });
  return {
    tenant: tenantId,
    company: company.id,
    mailbox: mailboxId,
    outgoingServer: (outgoing as { id: string }).id,
    incomingServer: (incoming as { id: string }).id,
    outboundMessage: outbound.id,
    receivedMessage: received.id,
    testRun: testRun.id,
    sessionLog: sessionLog.id,
    consentLink: consentLink.id,
    accessRequest: accessRequest.id,
    apiKey: apiKey.id,
  };
}

/**
 * A fingerprint of everything a tenant owns: one digest per table over all of its rows.
 * Equal fingerprints before and after a request mean the request wrote none of its data.
 */
export async function fingerprintTenant(
  prisma: PrismaClient,
  tenantId: string,
  options: { except?: string[] } = {},
): Promise<Record<string, string>> {
  const tables = await tenantTables(prisma);
  const parts = tables
    .filter((table) => !options.except?.includes(table))
    .map((table) => {
      const digest = `md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))`;
      return `SELECT '${table}' AS "table", ${digest} AS digest FROM "${table}" t
        WHERE ${ownerFilter(table)}`;
    });
  const rows = await prisma.$queryRawUnsafe<{ table: string; digest: string }[]>(
    parts.join(' UNION ALL '),
    tenantId,
  );
  return Object.fromEntries(rows.map((row) => [row.table, row.digest]));
}

let cachedTables: string[] | undefined;

/** Every table with a tenantId column, plus Tenant and SessionLogLine (via its log). */
async function tenantTables(prisma: PrismaClient): Promise<string[]> {
  if (!cachedTables) {
    const rows = await prisma.$queryRaw<{ table_name: string }[]>`
      SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND c.column_name = 'tenantId'
        AND t.table_type = 'BASE TABLE'
      ORDER BY 1`;
    cachedTables = [...rows.map((row) => row.table_name), 'Tenant', 'SessionLogLine'];
  }
  return cachedTables;
}

function ownerFilter(table: string): string {
  if (table === 'Tenant') {
    return 't.id = $1::uuid';
  }
  if (table === 'SessionLogLine') {
    return 't."sessionLogId" IN (SELECT id FROM "SessionLog" WHERE "tenantId" = $1::uuid)';
  }
  return 't."tenantId" = $1::uuid';
}

function sha256(value: Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

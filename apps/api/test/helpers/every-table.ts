import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@postwerk/db';

/**
 * One row of the tenant in every tenant-owned table (written as the owner, which bypasses
 * row-level security), so isolation tests have something to fail to see.
 */
export async function seedEveryTable(prisma: PrismaClient, tenantId: string, supportId: string) {
  const tag = randomBytes(4).toString('hex');
  const admin = await prisma.portalUser.findFirstOrThrow({ where: { tenantId } });
  const company = await prisma.company.create({ data: { tenantId, name: `Firma ${tag}` } });
  const domain = await prisma.companyDomain.create({
    data: { tenantId, companyId: company.id, domain: `${tag}.example` },
  });
  const server = { host: 'mail.x.de', port: 995, security: 'TLS' as const };
  const outgoing = await prisma.outgoingServer.create({
    data: { tenantId, name: `o-${tag}`, ...server, authMethod: 'PASSWORD', passwordCipher: 'x' },
  });
  const incoming = await prisma.incomingServer.create({
    data: { tenantId, name: `i-${tag}`, ...server, authMethod: 'PASSWORD' },
  });
  const mailbox = await prisma.mailbox.create({
    data: {
      tenantId,
      kind: 'EMPLOYEE',
      code: `M${tag}`.toUpperCase(),
      displayName: 'Geheim',
      externalAddress: `m-${tag}@x.de`,
      relayAddress: `m.${tag}@relay.example`,
      incomingRelayAddress: `m.${tag}@relay.example`,
    },
  });
  const mailboxId = mailbox.id;
  await prisma.mailboxCompanyServer.create({
    data: { tenantId, mailboxId, companyId: company.id, outgoingServerId: outgoing.id },
  });
  await prisma.microsoftAccountLink.create({
    data: {
      tenantId,
      mailboxId,
      upn: 'a@x.de',
      msTenantId: 't',
      objectId: 'o',
      refreshTokenCipher: 'c',
    },
  });
  const expiresAt = new Date(Date.now() + 3_600_000);
  await prisma.oAuthState.create({
    data: { tenantId, mailboxId, stateHash: tag, nonce: 'n', codeVerifierCipher: 'c', expiresAt },
  });
  await prisma.consentLink.create({ data: { tenantId, mailboxId, tokenHash: tag, expiresAt } });
  await prisma.auditEvent.create({ data: { tenantId, action: 'test.seeded' } });
  await prisma.mailboxEvent.create({ data: { tenantId, mailboxId, code: 'X', message: 'x' } });
  const log = await prisma.sessionLog.create({
    data: { tenantId, mailboxId, protocol: 'POP3', host: 'pop.x.de' },
  });
  await prisma.sessionLogLine.create({
    data: { sessionLogId: log.id, at: new Date(), direction: 'CLIENT', text: 'USER geheim' },
  });
  const raw = new Uint8Array(Buffer.from('Subject: geheim\r\n\r\nx\r\n'));
  await prisma.outboundMessage.create({
    data: { tenantId, mailboxId, envelopeFrom: 'a@x.de', recipients: ['b@x.de'], raw },
  });
  const received = await prisma.receivedMessage.create({
    data: { tenantId, mailboxId, raw, size: raw.length },
  });
  await prisma.pop3UidlEntry.create({
    data: {
      tenantId,
      mailboxId,
      incomingServerId: incoming.id,
      uidl: tag,
      receivedMessageId: received.id,
    },
  });
  await prisma.settingsTestRun.create({ data: { tenantId, mailboxId, kind: 'INCOMING' } });
  await prisma.deliverabilityCheck.create({
    data: { tenantId, companyDomainId: domain.id, route: 'RELAY', verdict: 'DELIVERED' },
  });
  const session = await prisma.portalSession.create({
    data: { userId: supportId, tokenHash: `seed-${tag}`, expiresAt },
  });
  await prisma.supportImpersonation.create({
    data: {
      tenantId,
      supportUserId: supportId,
      portalSessionId: session.id,
      reason: 'x',
      expiresAt,
      endedAt: new Date(),
    },
  });
  await prisma.supportAccessRequest.create({
    data: { tenantId, supportUserId: supportId, reason: 'x', expiresAt },
  });
  await prisma.apiKey.create({
    data: { tenantId, name: 'x', prefix: `pwk_${tag}`, secretHash: `seed-${tag}` },
  });
  return { adminId: admin.id, mailboxId, sessionLogId: log.id };
}

import { randomBytes, randomUUID } from 'node:crypto';
import { hashPassword, type PrismaClient, type SecretBox } from '@postwerk/db';

export type BenchTenant = {
  tenantId: string;
  adminEmail: string;
  adminPassword: string;
  mailboxIds: string[];
};

/**
 * A tenant that sends every mailbox's mail through one plain SMTP server (the sink), with
 * session logging off, and `mailboxCount` mailboxes.
 */
export async function createSendingTenant(
  prisma: PrismaClient,
  smtpPort: number,
  mailboxCount: number,
): Promise<BenchTenant> {
  const suffix = randomBytes(4).toString('hex');
  const adminEmail = `admin-${suffix}@bench.example`;
  const adminPassword = `Pw-${randomBytes(6).toString('hex')}`;
  const tenant = await prisma.tenant.create({
    data: {
      slug: `bench-${suffix}`,
      name: `Bench ${suffix}`,
      settings: {
        create: { sendRoute: 'EXTERNAL', directConnection: true, logSmtpSessions: false },
      },
      users: {
        create: {
          role: 'FIRM_ADMIN',
          email: adminEmail,
          name: 'Bench Admin',
          passwordHash: await hashPassword(adminPassword),
        },
      },
    },
  });
  const server = await prisma.outgoingServer.create({
    data: {
      tenantId: tenant.id,
      name: 'Sink',
      host: '127.0.0.1',
      port: smtpPort,
      security: 'NONE',
      authMethod: 'NONE',
    },
  });
  const mailboxIds: string[] = [];
  for (let i = 0; i < mailboxCount; i++) {
    const code = `BOX${i}`;
    const mailbox = await prisma.mailbox.create({
      data: {
        tenantId: tenant.id,
        kind: 'EMPLOYEE',
        code,
        displayName: `Postfach ${i}`,
        externalAddress: `box${i}-${suffix}@bench.example`,
        relayAddress: `box${i}.bench-${suffix}@relay.example`,
        incomingRelayAddress: `box${i}.bench-${suffix}@relay.example`,
        outgoingServerId: server.id,
      },
    });
    mailboxIds.push(mailbox.id);
  }
  return { tenantId: tenant.id, adminEmail, adminPassword, mailboxIds };
}

export type FetchingTenant = { tenantId: string; mailboxIds: string[] };

/**
 * A tenant whose mailboxes fetch by POP3 (STLS, password) from the bench's Dovecot, one
 * account per mailbox, with session logging off.
 */
export async function createFetchingTenant(
  prisma: PrismaClient,
  secretBox: SecretBox,
  pop3Port: number,
  accounts: Array<{ email: string; password: string }>,
  keepCopyOnServer = false,
): Promise<FetchingTenant> {
  const suffix = randomBytes(4).toString('hex');
  const tenant = await prisma.tenant.create({
    data: {
      slug: `fetch-${suffix}`,
      name: `Fetch ${suffix}`,
      settings: { create: { fetchFromIncoming: true, logPop3Sessions: false } },
    },
  });
  const mailboxIds: string[] = [];
  for (const [index, account] of accounts.entries()) {
    const server = await prisma.incomingServer.create({
      data: {
        tenantId: tenant.id,
        name: `POP3 ${index}`,
        host: '127.0.0.1',
        port: pop3Port,
        security: 'STARTTLS',
        authMethod: 'PASSWORD',
        username: account.email,
        passwordCipher: secretBox.encrypt(account.password, {
          tenantId: tenant.id,
          purpose: 'server-password',
        }),
      },
    });
    const mailbox = await prisma.mailbox.create({
      data: {
        tenantId: tenant.id,
        kind: 'EMPLOYEE',
        code: `IN${index}`,
        displayName: `Eingang ${index}`,
        externalAddress: account.email,
        relayAddress: `in${index}.fetch-${suffix}@relay.example`,
        incomingRelayAddress: `in${index}.fetch-${suffix}@relay.example`,
        incomingServerId: server.id,
        keepCopyOnServer,
      },
    });
    mailboxIds.push(mailbox.id);
  }
  return { tenantId: tenant.id, mailboxIds };
}

/**
 * A tenant that fetches from its incoming server with `mailboxCount` mailboxes polled every
 * `intervalMinutes`, all sharing one POP3 server; rows are written in batches, so 10,000
 * mailboxes take seconds. The server is never contacted unless a poll finds fetching on.
 */
export async function createScheduledTenant(
  prisma: PrismaClient,
  secretBox: SecretBox,
  mailboxCount: number,
  intervalMinutes: number,
): Promise<FetchingTenant> {
  const suffix = randomBytes(4).toString('hex');
  const tenant = await prisma.tenant.create({
    data: {
      slug: `sched-${suffix}`,
      name: `Sched ${suffix}`,
      settings: { create: { fetchFromIncoming: true, logPop3Sessions: false } },
    },
  });
  const server = await prisma.incomingServer.create({
    data: {
      tenantId: tenant.id,
      name: 'POP3',
      host: '127.0.0.1',
      port: 110,
      security: 'STARTTLS',
      authMethod: 'PASSWORD',
      username: `sched-${suffix}@bench.example`,
      passwordCipher: secretBox.encrypt(`Pw-${suffix}`, {
        tenantId: tenant.id,
        purpose: 'server-password',
      }),
    },
  });
  const mailboxIds = Array.from({ length: mailboxCount }, () => randomUUID());
  for (let start = 0; start < mailboxCount; start += 1000) {
    await prisma.mailbox.createMany({
      data: mailboxIds.slice(start, start + 1000).map((id, offset) => {
        const index = start + offset;
        return {
          id,
          tenantId: tenant.id,
          kind: 'EMPLOYEE' as const,
          code: `S${index}`,
          displayName: `Postfach ${index}`,
          externalAddress: `s${index}-${suffix}@bench.example`,
          relayAddress: `s${index}.sched-${suffix}@relay.example`,
          incomingRelayAddress: `s${index}.sched-${suffix}@relay.example`,
          incomingServerId: server.id,
          pollIntervalMinutes: intervalMinutes,
        };
      }),
    });
  }
  return { tenantId: tenant.id, mailboxIds };
}

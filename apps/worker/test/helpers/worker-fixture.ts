import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { buildLoggerOptions, QUEUE_NAMES } from '@postwerk/contracts';
import {
  ACCESS_TOKEN_PURPOSE,
  createPrismaClient,
  type PrismaClient,
  parseKeyring,
  REFRESH_TOKEN_PURPOSE,
  SecretBox,
  toAppRoleUrl,
} from '@postwerk/db';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { inject } from 'vitest';
import { parseWorkerEnv, type WorkerEnv } from '../../src/env.ts';
import { startWorkers, type WorkerRuntime } from '../../src/worker-runtime.ts';
import { TEST_DATABASE_URL } from './global-setup.ts';
import { obtainTokens } from './microsoft-tokens.ts';

export type WorkerFixture = {
  env: WorkerEnv;
  prisma: PrismaClient;
  secretBox: SecretBox;
  redis: Redis;
  logs: string[];
  queue(name: keyof typeof QUEUE_NAMES): Queue;
  startWorker(): Promise<WorkerRuntime>;
  close(): Promise<void>;
};

/** Real PostgreSQL and Redis, a random queue prefix, logs captured, workers started on demand. */
export async function createWorkerFixture(overrides: Record<string, string> = {}) {
  const env = parseWorkerEnv({
    // The workers connect as the application role, so row-level security applies to them.
    DATABASE_URL: toAppRoleUrl(TEST_DATABASE_URL),
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/1',
    SECRETS_KEYRING: `test:${randomBytes(32).toString('base64')}`,
    QUEUE_PREFIX: `test-${randomBytes(6).toString('hex')}`,
    MS_AUTHORITY_URL: inject('identityUrl'),
    LOG_LEVEL: 'debug',
    // Test files share one database: restoring every fetching mailbox's poll scheduler would
    // poll other files' mailboxes. recovery-sweep.test.ts turns it on where it is the subject.
    RECOVERY_RESTORE_SCHEDULERS: 'false',
    ...overrides,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const log = pino(buildLoggerOptions('debug'), sink);
  // The fixture's own client is the owner's: it sets up rows of any tenant and checks them.
  const prisma = createPrismaClient({ databaseUrl: TEST_DATABASE_URL, maxConnections: 4 });
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  const secretBox = new SecretBox(parseKeyring(env.SECRETS_KEYRING));
  const queues = new Map<string, Queue>();
  const runtimes: WorkerRuntime[] = [];

  const fixture: WorkerFixture = {
    env,
    prisma,
    secretBox,
    redis,
    logs,
    queue(name) {
      const queueName = QUEUE_NAMES[name];
      let queue = queues.get(queueName);
      if (!queue) {
        queue = new Queue(queueName, { connection: redis, prefix: env.QUEUE_PREFIX });
        queues.set(queueName, queue);
      }
      return queue;
    },
    async startWorker() {
      const runtime = await startWorkers(env, log, `test-${runtimes.length}`);
      runtimes.push(runtime);
      return runtime;
    },
    async close() {
      for (const runtime of runtimes) {
        await runtime.stop();
      }
      for (const queue of queues.values()) {
        await queue.obliterate({ force: true });
        await queue.close();
      }
      await prisma.$disconnect();
      await redis.quit();
    },
  };
  return fixture;
}

export type MailboxSetup = {
  auth: { type: 'oauth2'; email: string } | { type: 'password'; email: string; password: string };
  /** The mailbox's own address, when it is not the account's (a shared or delegated one). */
  address?: string;
  keepCopyOnServer?: boolean;
  logSessions?: boolean;
  incomingSecurity?: 'TLS' | 'STARTTLS';
};

/**
 * A tenant sending and fetching through the real mail stack, with one mailbox whose address
 * is the account's unless `address` says otherwise: OAuth2 accounts are linked with tokens
 * from the identity stand-in.
 */
export async function createMailboxOnStack(f: WorkerFixture, setup: MailboxSetup) {
  const ports = inject('mailPorts');
  const suffix = randomBytes(4).toString('hex');
  const logSessions = setup.logSessions ?? true;
  const tenant = await f.prisma.tenant.create({
    data: {
      slug: `worker-${suffix}`,
      name: `Worker ${suffix}`,
      settings: {
        create: {
          sendRoute: 'EXTERNAL',
          directConnection: true,
          fetchFromIncoming: true,
          logSmtpSessions: logSessions,
          logPop3Sessions: logSessions,
        },
      },
    },
  });
  const tenantId = tenant.id;
  const isOauth = setup.auth.type === 'oauth2';
  const credentials = isOauth
    ? { authMethod: 'OAUTH2' as const }
    : {
        authMethod: 'PASSWORD' as const,
        username: setup.auth.email,
        passwordCipher: f.secretBox.encrypt((setup.auth as { password: string }).password, {
          tenantId,
          purpose: 'server-password',
        }),
      };
  const outgoing = await f.prisma.outgoingServer.create({
    data: {
      tenantId,
      name: 'SMTP',
      host: 'localhost',
      port: ports.submission,
      security: 'STARTTLS',
      ...credentials,
    },
  });
  const incomingSecurity = setup.incomingSecurity ?? 'TLS';
  const incoming = await f.prisma.incomingServer.create({
    data: {
      tenantId,
      name: 'POP3',
      host: 'localhost',
      port: incomingSecurity === 'TLS' ? ports.pop3s : ports.pop3,
      security: incomingSecurity,
      ...credentials,
    },
  });
  const mailbox = await f.prisma.mailbox.create({
    data: {
      tenantId,
      kind: 'EMPLOYEE',
      code: 'TEST',
      displayName: 'Müller, Jürgen',
      externalAddress: setup.address ?? setup.auth.email,
      relayAddress: `test.${tenant.slug}@relay.example`,
      incomingRelayAddress: `test.${tenant.slug}@relay.example`,
      outgoingServerId: outgoing.id,
      incomingServerId: incoming.id,
      keepCopyOnServer: setup.keepCopyOnServer ?? false,
    },
  });
  if (isOauth) {
    const tokens = await obtainTokens(inject('identityUrl'), setup.auth.email);
    await f.prisma.microsoftAccountLink.create({
      data: {
        tenantId,
        mailboxId: mailbox.id,
        upn: setup.auth.email,
        email: setup.auth.email,
        identityMismatch: setup.address !== undefined && setup.address !== setup.auth.email,
        msTenantId: 'test',
        objectId: 'test',
        refreshTokenCipher: f.secretBox.encrypt(tokens.refreshToken, {
          tenantId,
          purpose: REFRESH_TOKEN_PURPOSE,
        }),
        accessTokenCipher: f.secretBox.encrypt(tokens.accessToken, {
          tenantId,
          purpose: ACCESS_TOKEN_PURPOSE,
        }),
        accessTokenExpiresAt: tokens.expiresAt,
      },
    });
  }
  return {
    tenantId,
    mailboxId: mailbox.id,
    incomingServerId: incoming.id,
    outgoingServerId: outgoing.id,
  };
}

/** A message accepted for sending, as the API stores it; the caller queues its job. */
export async function storeOutboundMessage(
  f: WorkerFixture,
  target: { tenantId: string; mailboxId: string },
  message: { from: string; to: string; subject: string },
): Promise<string> {
  const { from, to, subject } = message;
  const row = await f.prisma.outboundMessage.create({
    data: {
      tenantId: target.tenantId,
      mailboxId: target.mailboxId,
      envelopeFrom: from,
      recipients: [to],
      raw: Buffer.from(`From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\n\r\nText\r\n`),
    },
  });
  return row.id;
}

/** Makes the stored access token of a mailbox's link look expired, so the next job refreshes. */
export async function expireStoredAccessToken(f: WorkerFixture, mailboxId: string) {
  await f.prisma.microsoftAccountLink.update({
    where: { mailboxId },
    data: { accessTokenExpiresAt: new Date(Date.now() - 1000) },
  });
}

/** The mail stack's HTTP controls: seed and read Maildirs, flip Microsoft-style switches. */
export const mailControl = {
  async deliver(email: string, raw: Buffer): Promise<void> {
    const response = await fetch(`${inject('mailControlUrl')}/_control/maildir/${email}`, {
      method: 'POST',
      body: new Uint8Array(raw),
    });
    if (!response.ok) {
      throw new Error(`deliver failed: ${response.status}`);
    }
  },
  async list(email: string): Promise<Buffer[]> {
    const response = await fetch(`${inject('mailControlUrl')}/_control/maildir/${email}`);
    const entries = (await response.json()) as Array<{ rawBase64: string }>;
    return entries.map((entry) => Buffer.from(entry.rawBase64, 'base64'));
  },
  async set(email: string, switches: Record<string, boolean>): Promise<void> {
    await fetch(`${inject('mailControlUrl')}/_control/accounts/${email}`, {
      method: 'POST',
      body: JSON.stringify(switches),
    });
  },
  async sinkTotal(): Promise<number> {
    const response = await fetch(`${inject('mailControlUrl')}/_control/sink`);
    return ((await response.json()) as { total: number }).total;
  },
};

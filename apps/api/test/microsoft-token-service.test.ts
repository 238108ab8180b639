import { buildLoggerOptions } from '@postwerk/contracts';
import {
  createPrismaClient,
  PrismaMicrosoftTokenStore,
  parseKeyring,
  SecretBox,
} from '@postwerk/db';
import { MicrosoftLinkDeadError, MicrosoftTokenService } from '@postwerk/mailcore';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microsoftConfigOf } from '../src/env.ts';
import { createLinkedMailbox } from './helpers/link-mailbox.ts';
import { createMicrosoftFixture, type MicrosoftFixture } from './helpers/microsoft-fixture.ts';

describe('Microsoft token service', () => {
  let f: MicrosoftFixture;
  const closers: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    f = await createMicrosoftFixture({ padAccessTokenTo: 4096, refreshTokenLength: 2000 });
  });
  afterAll(async () => {
    for (const close of closers) {
      await close();
    }
    await f.close();
  });

  // A token service as one worker process would build it: own Redis and database pool.
  function createService(): { service: MicrosoftTokenService; store: PrismaMicrosoftTokenStore } {
    const prisma = createPrismaClient({ databaseUrl: f.t.env.DATABASE_URL, maxConnections: 3 });
    const redis = new Redis(f.t.env.REDIS_URL, { maxRetriesPerRequest: null });
    closers.push(
      () => prisma.$disconnect(),
      () => redis.quit(),
    );
    const secretBox = new SecretBox(parseKeyring(f.t.env.SECRETS_KEYRING));
    const store = new PrismaMicrosoftTokenStore(prisma, secretBox);
    const service = new MicrosoftTokenService({
      config: microsoftConfigOf(f.t.env),
      store,
      redis,
      logger: pino({ ...buildLoggerOptions('silent') }),
    });
    return { service, store };
  }

  async function expireAccessToken(mailboxId: string): Promise<void> {
    await f.t.prisma.microsoftAccountLink.update({
      where: { mailboxId },
      data: { accessTokenExpiresAt: new Date(Date.now() - 1000) },
    });
  }

  it('keeps a 4,096-character access token and a 2,000-character refresh token exact', async () => {
    const mailboxId = await createLinkedMailbox(f, 'LONG', 'becker@bau-firma.de');
    const { service, store } = createService();

    const stored = await store.load(mailboxId);
    const { accessToken } = await service.getAccessToken(mailboxId);
    const introspection = await fetch(`${f.stub.url}/_stub/introspect`, {
      method: 'POST',
      body: new URLSearchParams({ token: accessToken }),
    }).then((r) => r.json());

    expect(stored?.accessToken?.length).toBe(4096);
    expect(stored?.refreshToken.length).toBe(2000);
    expect(accessToken).toBe(stored?.accessToken);
    expect(introspection).toMatchObject({ active: true, email: 'becker@bau-firma.de' });
  });

  it('stores the newest refresh token after each of three refreshes in a row', async () => {
    const mailboxId = await createLinkedMailbox(f, 'ROTATE', 'mueller@bau-firma.de');
    const { service, store } = createService();
    const seen: string[] = [];

    for (let i = 0; i < 3; i++) {
      await service.forceRefresh(mailboxId);
      seen.push((await store.load(mailboxId))?.refreshToken as string);
    }

    expect(new Set(seen).size).toBe(3);
    // The stored one is the live one: redeeming it works (rotated ones are refused).
    const redeem = await fetch(`${f.stub.url}/organizations/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: 'postwerk-local',
        client_secret: 'postwerk-local-secret',
        refresh_token: seen[2] as string,
      }),
    });
    expect(redeem.status).toBe(200);
  });

  it('makes exactly one token request for five parallel jobs in two processes', async () => {
    const mailboxId = await createLinkedMailbox(f, 'PARALLEL', 'info@bau-firma.de');
    await expireAccessToken(mailboxId);
    const first = createService();
    const second = createService();
    const before = f.stub.controls.stats().total;

    const results = await Promise.all([
      first.service.getAccessToken(mailboxId),
      second.service.getAccessToken(mailboxId),
      first.service.getAccessToken(mailboxId),
      second.service.getAccessToken(mailboxId),
      first.service.getAccessToken(mailboxId),
    ]);

    expect(f.stub.controls.stats().total - before).toBe(1);
    expect(new Set(results.map((r) => r.accessToken)).size).toBe(1);
  });

  it.each([
    ['AADSTS700082', (email: string) => f.stub.controls.expireRefreshTokens(email)],
    ['AADSTS50173', (email: string) => f.stub.controls.revoke(email)],
  ])('marks the link dead on %s and the mailbox asks for a sign-in', async (code, kill) => {
    const mailboxId = await createLinkedMailbox(f, `DEAD${code.slice(-5)}`, 'admin@bau-firma.de');
    await expireAccessToken(mailboxId);
    kill('admin@bau-firma.de');
    const { service } = createService();

    const failure = await service.getAccessToken(mailboxId).catch((e: unknown) => e);
    const again = await service.getAccessToken(mailboxId).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(MicrosoftLinkDeadError);
    expect((failure as MicrosoftLinkDeadError).code).toBe(code);
    expect((failure as MicrosoftLinkDeadError).actionDe).toContain('Anmelden');
    expect(again).toBeInstanceOf(MicrosoftLinkDeadError);
    const page = await f.admin.request({ method: 'GET', url: `/api/mailboxes/${mailboxId}` });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({
      status: 'SIGN_IN_REQUIRED',
      microsoftAccount: { status: 'DEAD', deadCode: code },
    });
    const events = await f.t.prisma.mailboxEvent.findMany({ where: { mailboxId } });
    expect(events).toEqual([expect.objectContaining({ code, resolvedAt: null })]);
  });
});

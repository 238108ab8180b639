import { Writable } from 'node:stream';
import { buildLoggerOptions } from '@postwerk/contracts';
import {
  createPrismaClient,
  PrismaMicrosoftTokenStore,
  parseKeyring,
  SecretBox,
} from '@postwerk/db';
import {
  buildAdminConsentUrl,
  type MicrosoftIdentityConfig,
  MicrosoftLinkDeadError,
  MicrosoftTokenService,
  refreshAccessToken,
  type TokenServiceOptions,
} from '@postwerk/mailcore';
import { redeemRefreshToken } from '@postwerk/ms-identity-stub';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microsoftConfigOf } from '../src/env.ts';
import { createLinkedMailbox } from './helpers/link-mailbox.ts';
import { createMicrosoftFixture, type MicrosoftFixture } from './helpers/microsoft-fixture.ts';

describe('Microsoft token service', () => {
  let f: MicrosoftFixture;
  const closers: Array<() => Promise<unknown>> = [];
  // What the services log, captured at debug level: no token may ever appear in it.
  const serviceLogs: string[] = [];

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
  function createService(refresh?: TokenServiceOptions['refresh']): {
    service: MicrosoftTokenService;
    store: PrismaMicrosoftTokenStore;
  } {
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
      logger: pino(buildLoggerOptions('debug'), captureInto(serviceLogs)),
      refresh,
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
    // The stand-in knows each refresh token by its exact value: one changed byte is refused.
    expect((await redeemRefreshToken(f.stub.url, stored?.refreshToken as string)).status).toBe(200);
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
    expect(serviceLogs.join('\n')).toContain('token refreshed');
    for (const token of seen) {
      expect(serviceLogs.join('\n')).not.toContain(token);
    }
    // The stored one is the live one: redeeming it works (rotated ones are refused).
    expect((await redeemRefreshToken(f.stub.url, seen[2] as string)).status).toBe(200);
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

  it('keeps the link alive when another process rotated the token during a refresh', async () => {
    const mailboxId = await createLinkedMailbox(f, 'RACE', 'mueller@bau-firma.de');
    await expireAccessToken(mailboxId);
    const other = createService();
    const calls: string[] = [];
    // Our refresh goes out with the token we read; just before it does, another process
    // (whose lock had expired) redeems that same token and stores the rotated one.
    const { service, store } = createService(async (config, refreshToken) => {
      calls.push(refreshToken);
      if (calls.length === 1) {
        await rotateAsAnotherProcess(other.store, config, mailboxId, refreshToken);
      }
      return refreshAccessToken(config, refreshToken);
    });
    const before = f.stub.controls.stats().byEmail['mueller@bau-firma.de']?.refresh_token ?? 0;

    const { accessToken } = await service.getAccessToken(mailboxId);

    // Ours was refused (AADSTS70008: already redeemed); the re-read found the other
    // process's fresh tokens and used them instead of a second request.
    expect(calls).toHaveLength(1);
    const after = f.stub.controls.stats().byEmail['mueller@bau-firma.de']?.refresh_token ?? 0;
    expect(after - before).toBe(2);
    const link = await f.t.prisma.microsoftAccountLink.findUniqueOrThrow({ where: { mailboxId } });
    expect(link).toMatchObject({ status: 'ACTIVE', deadCode: null });
    expect(await f.t.prisma.mailboxEvent.count({ where: { mailboxId } })).toBe(0);
    const mailbox = await f.t.prisma.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
    expect(mailbox.status).not.toBe('SIGN_IN_REQUIRED');
    expect(await introspect(accessToken)).toMatchObject({ active: true });
    const stored = await store.load(mailboxId);
    expect(stored?.accessToken).toBe(accessToken);
    expect(stored?.refreshToken).not.toBe(calls[0]);
  });

  it('tries once more with the rotated token when the other process left no access token', async () => {
    const mailboxId = await createLinkedMailbox(f, 'RACE2', 'becker@bau-firma.de');
    await expireAccessToken(mailboxId);
    const other = createService();
    const calls: string[] = [];
    const { service } = createService(async (config, refreshToken) => {
      calls.push(refreshToken);
      if (calls.length === 1) {
        await rotateAsAnotherProcess(other.store, config, mailboxId, refreshToken);
        await expireAccessToken(mailboxId);
      }
      return refreshAccessToken(config, refreshToken);
    });

    const { accessToken } = await service.getAccessToken(mailboxId);

    expect(calls).toHaveLength(2);
    expect(calls[1]).not.toBe(calls[0]);
    const link = await f.t.prisma.microsoftAccountLink.findUniqueOrThrow({ where: { mailboxId } });
    expect(link.status).toBe('ACTIVE');
    expect(await f.t.prisma.mailboxEvent.count({ where: { mailboxId } })).toBe(0);
    expect(await introspect(accessToken)).toMatchObject({ active: true });
  });

  it('hands over the admin-consent link when consent was withdrawn (AADSTS65001)', async () => {
    const mailboxId = await createLinkedMailbox(f, 'CONSENT', 'info@bau-firma.de');
    await expireAccessToken(mailboxId);
    f.stub.controls.failNext({ email: 'info@bau-firma.de', at: 'refresh', aadsts: 65001 });
    const { service } = createService();

    const failure = await service.getAccessToken(mailboxId).catch((e: unknown) => e);

    const url = buildAdminConsentUrl(microsoftConfigOf(f.t.env));
    expect(url.startsWith(`${f.stub.url}/organizations/v2.0/adminconsent?`)).toBe(true);
    expect(failure).toBeInstanceOf(MicrosoftLinkDeadError);
    expect((failure as MicrosoftLinkDeadError).code).toBe('AADSTS65001');
    expect((failure as MicrosoftLinkDeadError).actionDe).toContain(url);
    const events = await f.t.prisma.mailboxEvent.findMany({ where: { mailboxId } });
    expect(events).toEqual([expect.objectContaining({ code: 'AADSTS65001' })]);
    expect(events[0]?.message).toContain('Administratoreinwilligung');
    expect(events[0]?.message).toContain(url);
    // Met again later (e.g. by a settings test), the dead link still says what to do.
    const again = await service.getAccessToken(mailboxId).catch((e: unknown) => e);
    expect((again as MicrosoftLinkDeadError).code).toBe('LINK_DEAD');
    expect((again as MicrosoftLinkDeadError).actionDe).toContain(url);
  });

  function introspect(token: string): Promise<Record<string, unknown>> {
    return fetch(`${f.stub.url}/_stub/introspect`, {
      method: 'POST',
      body: new URLSearchParams({ token }),
    }).then((r) => r.json() as Promise<Record<string, unknown>>);
  }
});

async function rotateAsAnotherProcess(
  store: PrismaMicrosoftTokenStore,
  config: MicrosoftIdentityConfig,
  mailboxId: string,
  refreshToken: string,
): Promise<void> {
  const link = await store.load(mailboxId);
  const tokens = await refreshAccessToken(config, refreshToken);
  await store.saveTokens(link?.linkId as string, {
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: tokens.expiresAt,
    refreshToken: tokens.refreshToken,
  });
}

function captureInto(lines: string[]): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSettingsTest } from './helpers/run-settings-test.ts';
import { OAUTH_ACCOUNTS, PASSWORD_ACCOUNT } from './helpers/test-accounts.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';

type Step = { key: string; status: string; detail?: string; durationMs?: number };

describe('settings tests against the real mail stack', () => {
  let f: WorkerFixture;
  const tenants: string[] = [];

  beforeAll(async () => {
    f = await createWorkerFixture();
    await f.startWorker();
  });
  afterAll(() => f.close());

  it('passes the full loop for a Microsoft-linked mailbox, byte for byte', async () => {
    const target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: OAUTH_ACCOUNTS.fullLoop },
    });
    tenants.push(target.tenantId);

    const run = await runSettingsTest(f, target, 'FULL_LOOP');
    const steps = run.steps as Step[];

    expect(run.status, JSON.stringify(steps)).toBe('PASSED');
    expect(steps.map((s) => s.key)).toEqual(['credentials', 'send', 'fetch', 'inbox']);
    expect(steps.every((s) => s.status === 'passed' && typeof s.durationMs === 'number')).toBe(
      true,
    );
    expect(steps.find((s) => s.key === 'inbox')?.detail).toMatch(/^Inhalt unverändert/);
    const inbox = await f.prisma.receivedMessage.findFirst({
      where: { mailboxId: target.mailboxId, messageId: run.marker },
    });
    expect(inbox?.fromName).toBe('Müller, Jürgen');
  });

  it('passes the full loop for a password mailbox with umlauts and §€ in the password', async () => {
    const target = await createMailboxOnStack(f, {
      auth: { type: 'password', ...PASSWORD_ACCOUNT },
      incomingSecurity: 'STARTTLS',
    });
    tenants.push(target.tenantId);

    const run = await runSettingsTest(f, target, 'FULL_LOOP');

    expect(run.status, JSON.stringify(run.steps)).toBe('PASSED');
    expect((run.steps as Step[]).at(-1)?.detail).toMatch(/^Inhalt unverändert/);
  });

  it('shows connect, TLS, authenticate and list as steps of the incoming test', async () => {
    const target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: OAUTH_ACCOUNTS.fullLoop },
    });

    const run = await runSettingsTest(f, target, 'INCOMING');
    const steps = run.steps as Step[];

    expect(run.status).toBe('PASSED');
    expect(steps.map((s) => [s.key, s.status])).toEqual([
      ['connect', 'passed'],
      ['tls', 'passed'],
      ['auth', 'passed'],
      ['list', 'passed'],
    ]);
  });

  it('records session logs without any password, token or XOAUTH2 string', async () => {
    const where = { tenantId: { in: tenants } };
    const logs = await f.prisma.sessionLog.findMany({ where, include: { lines: true } });
    const links = await f.prisma.microsoftAccountLink.findMany({ where });
    const { email, password } = PASSWORD_ACCOUNT;
    const secrets = [
      password,
      Buffer.from(password).toString('base64'),
      // What SMTP AUTH PLAIN and POP3 AUTH PLAIN put on the wire (RFC 4616).
      Buffer.from(`\0${email}\0${password}`).toString('base64'),
      Buffer.from(`${email}\0${email}\0${password}`).toString('base64'),
    ];
    for (const link of links) {
      const context = { tenantId: link.tenantId };
      const access = f.secretBox.decrypt(link.accessTokenCipher as string, {
        ...context,
        purpose: 'ms-access-token',
      });
      const xoauth2 = Buffer.from(`user=${link.upn}\x01auth=Bearer ${access}\x01\x01`).toString(
        'base64',
      );
      secrets.push(access, xoauth2, access.slice(0, 40));
    }
    const text = logs.flatMap((log) => log.lines.map((line) => line.text)).join('\n');
    const appLogs = f.logs.join('\n');

    expect(logs.map((log) => log.protocol)).toEqual(expect.arrayContaining(['SMTP', 'POP3']));
    expect(text).toContain('[redacted]');
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      expect(appLogs).not.toContain(secret);
    }
  });
});

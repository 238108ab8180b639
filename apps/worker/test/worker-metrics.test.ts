import { createServer } from 'node:net';
import { SEND_JOB_OPTIONS, sendJobId } from '@postwerk/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runSettingsTest } from './helpers/run-settings-test.ts';
import { OAUTH_ACCOUNTS, PASSWORD_ACCOUNT } from './helpers/test-accounts.ts';
import { waitFor } from './helpers/wait.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  mailControl,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';

const EMAIL = OAUTH_ACCOUNTS.metrics;
const DURATIONS = 'postwerk_job_duration_seconds';

// What /metrics counts once real jobs ran: durations, failures and findings by code, refreshes.
describe('worker metrics after real jobs', () => {
  let f: WorkerFixture;
  let port: number;
  let target: { tenantId: string; mailboxId: string };

  beforeAll(async () => {
    port = await freePort();
    f = await createWorkerFixture({ METRICS_PORT: String(port) });
    await f.startWorker();
    target = await createMailboxOnStack(f, { auth: { type: 'oauth2', email: EMAIL } });
  });
  afterAll(async () => {
    await mailControl.set(EMAIL, { smtpAuthDisabled: false });
    await f.close();
  });

  // Counts are compared before and after: the worker's recovery sweep may pick up messages
  // other test files left queued in the shared database, and those jobs count too.
  it('times a completed and a failed send and counts the failure under its code', async () => {
    const before = await scrape();
    expect(await send('erste')).toBe('SENT');
    await mailControl.set(EMAIL, { smtpAuthDisabled: true });
    expect(await send('zweite')).toBe('FAILED');
    await mailControl.set(EMAIL, { smtpAuthDisabled: false });

    const grew = growthSince(before, await scrape());
    const code = 'SMTP_AUTH_DISABLED_FOR_TENANT';
    expect(grew(`postwerk_job_failures_total{queue="send-mail",code="${code}"}`)).toBe(1);
    expect(grew(`${DURATIONS}_count{queue="send-mail",outcome="completed"}`)).toBeGreaterThan(0);
    expect(grew(`${DURATIONS}_count{queue="send-mail",outcome="failed"}`)).toBeGreaterThan(0);
    expect(grew(`${DURATIONS}_sum{queue="send-mail",outcome="completed"}`)).toBeGreaterThan(0);
  });

  it('counts a token refresh that worked and one Microsoft refused, by its AADSTS code', async () => {
    const before = await scrape();
    await expireAccessToken();
    expect(await send('nach Ablauf')).toBe('SENT');
    const afterOk = await scrape();
    await fetch(`${inject('identityUrl')}/_stub/expire-refresh-tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL }),
    });
    await expireAccessToken();
    expect(await send('mit totem Token')).toBe('FAILED');

    const after = await scrape();
    expect(growthSince(before, afterOk)('postwerk_token_refreshes_total{outcome="ok"}')).toBe(1);
    const grew = growthSince(afterOk, after);
    expect(grew('postwerk_token_refreshes_total{outcome="failed",code="AADSTS700082"}')).toBe(1);
    expect(grew('postwerk_job_failures_total{queue="send-mail",code="AADSTS700082"}')).toBe(1);
  });

  it('counts a settings test that found a problem under its kind and code', async () => {
    const wrong = { ...PASSWORD_ACCOUNT, password: 'falsches-Passwort-1' };
    const mailbox = await createMailboxOnStack(f, { auth: { type: 'password', ...wrong } });
    const before = await scrape();

    const run = await runSettingsTest(f, mailbox, 'INCOMING');

    expect(run.status).toBe('FAILED');
    const failed = (run.steps as Array<{ status: string; errorCode?: string }>).find(
      (step) => step.status === 'failed',
    );
    const code = failed?.errorCode as string;
    expect(code).toMatch(/^[A-Z0-9_]+$/);
    // The job records its result a moment after the run's row is finished.
    const key = `postwerk_settings_test_failures_total{kind="INCOMING",code="${code}"}`;
    await waitFor(async () => growthSince(before, await scrape())(key) > 0, 10_000, key);
    expect(growthSince(before, await scrape())(key)).toBe(1);
  });

  /** Queues a send the way the API does and waits for the message's final status. */
  async function send(subject: string): Promise<string> {
    const raw = `From: ${EMAIL}\r\nTo: kunde@example.com\r\nSubject: ${subject}\r\n\r\nText\r\n`;
    const message = await f.prisma.outboundMessage.create({
      data: {
        tenantId: target.tenantId,
        mailboxId: target.mailboxId,
        envelopeFrom: EMAIL,
        recipients: ['kunde@example.com'],
        raw: new Uint8Array(Buffer.from(raw)),
      },
    });
    const job = await f
      .queue('sendMail')
      .add(
        'send',
        { tenantId: target.tenantId, outboundMessageId: message.id },
        { ...SEND_JOB_OPTIONS, jobId: sendJobId(message.id) },
      );
    // The row settles a few statements before BullMQ records the outcome the metrics count.
    const state = await waitFor(async () => {
      const current = await job.getState();
      return current === 'completed' || current === 'failed' ? current : undefined;
    });
    expect(state).toBeDefined();
    const row = await f.prisma.outboundMessage.findUniqueOrThrow({ where: { id: message.id } });
    return row.status;
  }

  async function expireAccessToken(): Promise<void> {
    await f.prisma.microsoftAccountLink.updateMany({
      where: { mailboxId: target.mailboxId },
      data: { accessTokenExpiresAt: new Date(Date.now() - 60_000) },
    });
  }

  /** Every sample of the worker's /metrics, keyed by name and labels as Prometheus prints them. */
  async function scrape(): Promise<Record<string, number>> {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    const samples: Record<string, number> = {};
    for (const line of (await response.text()).split('\n')) {
      const match = /^(\S+) (\S+)$/.exec(line);
      if (match && !line.startsWith('#')) {
        samples[match[1] as string] = Number(match[2]);
      }
    }
    return samples;
  }
});

function growthSince(before: Record<string, number>, after: Record<string, number>) {
  return (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

import { z } from 'zod';

// Job payloads carry ids only: Redis keeps job data in plain text and dashboards show it,
// so secrets and message bodies stay in PostgreSQL and are loaded when the job runs.

export const SendMailJob = z.object({ tenantId: z.uuid(), outboundMessageId: z.uuid() });
export type SendMailJob = z.infer<typeof SendMailJob>;

export const PollPop3Job = z.object({ tenantId: z.uuid(), mailboxId: z.uuid() });
export type PollPop3Job = z.infer<typeof PollPop3Job>;

export const SettingsTestJob = z.object({ tenantId: z.uuid(), testRunId: z.uuid() });
export type SettingsTestJob = z.infer<typeof SettingsTestJob>;

/** One send per message, however often it is submitted or retried. */
export function sendJobId(outboundMessageId: string): string {
  return `send-${outboundMessageId}`;
}

/** The BullMQ job scheduler that polls one mailbox. */
export function pollSchedulerId(mailboxId: string): string {
  return `poll-${mailboxId}`;
}

export function settingsTestJobId(testRunId: string): string {
  return `test-${testRunId}`;
}

/** Attempts and backoff for transient failures (SMTP 4xx, timeouts, dropped connections). */
export const SEND_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { age: 7 * 86_400 },
  removeOnFail: { age: 30 * 86_400 },
} as const;

/**
 * Attempts and backoff of each scheduled poll. The API creates a mailbox's scheduler and the
 * worker's recovery sweep recreates it after Redis lost its data; both use these.
 */
export const POLL_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 20_000 },
} as const;

/** How often a mailbox's scheduler polls, from the mailbox's interval in minutes. */
export function pollEveryMs(pollIntervalMinutes: number): number {
  return pollIntervalMinutes * 60_000;
}

/** One step of [Einstellungen testen], appended as it finishes so the portal can follow. */
export const SettingsTestStep = z.object({
  key: z.string(),
  label: z.string(),
  status: z.enum(['running', 'passed', 'failed']),
  durationMs: z.number().int().nonnegative().optional(),
  detail: z.string().optional(),
  errorCode: z.string().optional(),
  messageDe: z.string().optional(),
  actionDe: z.string().optional(),
});
export type SettingsTestStep = z.infer<typeof SettingsTestStep>;

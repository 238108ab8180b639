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
  // A scheduler adds a job per mailbox and interval: 10,000 mailboxes every 5 minutes leave
  // 2.9 million finished jobs a day (about 3 GiB of Redis) unless they are removed.
  removeOnComplete: { age: 3_600, count: 1_000 },
  removeOnFail: { age: 7 * 86_400 },
} as const;

/** How often a mailbox's scheduler polls, from the mailbox's interval in minutes. */
export function pollEveryMs(pollIntervalMinutes: number): number {
  return pollIntervalMinutes * 60_000;
}

/**
 * The repeat options of a mailbox's poll scheduler. Without an offset every scheduler keeps
 * the second it was created in, so mailboxes set up together (a bulk import, the recovery
 * sweep) would all come due in the same second, forever. The offset comes from the mailbox
 * id, so it stays the same each time the scheduler is written again.
 */
export function pollRepeatOf(
  mailboxId: string,
  pollIntervalMinutes: number,
): { every: number; offset: number } {
  const every = pollEveryMs(pollIntervalMinutes);
  return { every, offset: hashOf(mailboxId) % every };
}

/** FNV-1a over the UTF-16 code units: cheap, stable across processes, spread enough here. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
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

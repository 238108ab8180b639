import type { MailProtocol, PrismaClient } from '@postwerk/db';
import type { ProtocolDirection, SessionLineHook } from '@postwerk/mailcore';

// A session that runs away (a server streaming garbage) must not fill the database.
const MAX_LINES = 5_000;
const DIRECTIONS = { client: 'CLIENT', server: 'SERVER', info: 'INFO' } as const;

export type SessionRecorder = {
  onLine: SessionLineHook | undefined;
  finish(outcome: string): Promise<void>;
};

/**
 * Records one SMTP or POP3 session while the tenant has logging on; otherwise a no-op.
 * mailcore hands lines over already redacted (AUTH payloads, PASS, tokens → [redacted]).
 * Lines are kept in memory and written once at the end, so logging costs one insert.
 */
export function startSessionRecorder(
  prisma: PrismaClient,
  enabled: boolean,
  target: { tenantId: string; mailboxId: string; protocol: MailProtocol; host: string },
): SessionRecorder {
  if (!enabled) {
    return { onLine: undefined, finish: async () => {} };
  }
  const startedAt = new Date();
  const lines: Array<{
    at: Date;
    direction: (typeof DIRECTIONS)[ProtocolDirection];
    text: string;
  }> = [];
  let dropped = 0;

  return {
    onLine(direction, text) {
      if (lines.length >= MAX_LINES) {
        dropped += 1;
        return;
      }
      lines.push({ at: new Date(), direction: DIRECTIONS[direction], text: text.slice(0, 2000) });
    },
    async finish(outcome) {
      if (dropped > 0) {
        lines.push({ at: new Date(), direction: 'INFO', text: `${dropped} further lines dropped` });
      }
      await prisma.sessionLog.create({
        data: {
          ...target,
          outcome,
          startedAt,
          endedAt: new Date(),
          lines: { createMany: { data: lines } },
        },
      });
    },
  };
}

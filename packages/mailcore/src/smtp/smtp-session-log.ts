import { format } from 'node:util';
import type { Logger } from 'pino';
import {
  createSessionRedactor,
  type ProtocolDirection,
  type SessionLineHook,
} from '../session-log/redact-protocol-line.ts';

type LogEntry = { tnx?: string; sid?: string | number; cid?: string | number } | undefined;
type LogMethod = (entry: LogEntry, message?: string, ...args: unknown[]) => void;

/** The bunyan-style logger nodemailer accepts. */
export interface NodemailerLogger {
  trace: LogMethod;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  fatal: LogMethod;
}

/**
 * Turns nodemailer's logger calls into redacted transcript lines. nodemailer masks AUTH
 * payloads itself (`AUTH PLAIN <base64 of user + "/* secret *\/">`), but the masked copy
 * still carries the user name in base64 and XOAUTH2's structure, so every line goes through
 * our session redactor as well, one redactor per SMTP session (nodemailer's `sid`).
 */
export function createSmtpLogAdapter(
  onLine: SessionLineHook | undefined,
  logger: Logger | undefined,
): NodemailerLogger {
  const redactors = new Map<string, ReturnType<typeof createSessionRedactor>>();

  const emit = (level: string): LogMethod => {
    return (entry, message, ...args) => {
      const text = format(message ?? '', ...args);
      const direction = toDirection(entry?.tnx);
      const sessionId = String(entry?.sid ?? entry?.cid ?? 'pool');
      let redact = redactors.get(sessionId);
      if (!redact) {
        redact = createSessionRedactor();
        redactors.set(sessionId, redact);
      }

      for (const line of text.split(/\r?\n/)) {
        const safe = redact(direction, line);
        deliver(onLine, logger, level, direction, safe, sessionId);
      }
      if (entry?.tnx === 'network' && /closed/i.test(text)) {
        redactors.delete(sessionId);
      }
    };
  };

  return {
    trace: emit('trace'),
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    fatal: emit('fatal'),
  };
}

function toDirection(tnx: string | undefined): ProtocolDirection {
  if (tnx === 'client') {
    return 'client';
  }
  return tnx === 'server' ? 'server' : 'info';
}

function deliver(
  onLine: SessionLineHook | undefined,
  logger: Logger | undefined,
  level: string,
  direction: ProtocolDirection,
  line: string,
  sessionId: string,
): void {
  if (level === 'warn' || level === 'error' || level === 'fatal') {
    logger?.warn({ sessionId, line }, 'smtp transport warning');
  } else {
    logger?.debug({ sessionId, direction, line }, 'smtp transcript');
  }
  if (!onLine) {
    return;
  }
  try {
    onLine(direction, line, { sessionId });
  } catch (err) {
    // A broken log sink must not break the delivery.
    logger?.warn({ err }, 'smtp session log hook failed');
  }
}

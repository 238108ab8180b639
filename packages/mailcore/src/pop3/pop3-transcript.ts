import type { Logger } from 'pino';
import {
  createSessionRedactor,
  type ProtocolDirection,
  type SessionLineHook,
} from '../session-log/redact-protocol-line.ts';
import { stripLineEnding } from './line-buffer.ts';

/**
 * Feeds the session-log hook of one POP3 connection. Callers already pass masked copies of
 * credential-bearing commands; every line still goes through the session redactor, so a
 * mistake at a call site cannot leak a secret.
 */
export class Pop3Transcript {
  readonly #hook?: SessionLineHook;
  readonly #logger?: Logger;
  readonly #redact = createSessionRedactor();

  constructor(hook?: SessionLineHook, logger?: Logger) {
    this.#hook = hook;
    this.#logger = logger;
  }

  client(text: string): void {
    this.#emit('client', text);
  }

  server(line: Buffer | string): void {
    const text = typeof line === 'string' ? line : stripLineEnding(line).toString('utf8');
    this.#emit('server', text);
  }

  info(text: string): void {
    this.#emit('info', text);
  }

  #emit(direction: ProtocolDirection, text: string): void {
    if (!this.#hook) {
      return;
    }
    const safe = this.#redact(direction, text);
    try {
      this.#hook(direction, safe);
    } catch (err) {
      // A broken log sink must not break the mail session.
      this.#logger?.warn({ err }, 'pop3 session log hook failed');
    }
  }
}

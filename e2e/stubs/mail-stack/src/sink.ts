import { EventEmitter } from 'node:events';

/** One message accepted by the SMTP side. */
export interface SinkMessage {
  /** Queue id, shown in the 250 reply as `[InternalId=...]`. */
  id: string;
  /** The mailbox that authenticated. */
  authUser: string;
  /** Envelope sender (MAIL FROM). */
  mailFrom: string;
  /** Every envelope recipient (RCPT TO). */
  recipients: string[];
  /** Recipients that are mailboxes of this stack; the message is in their Maildirs. */
  localRecipients: string[];
  /** Recipients elsewhere; the message goes nowhere but this list. */
  remoteRecipients: string[];
  /** The exact bytes received after DATA, dot-unstuffed. */
  raw: Buffer;
  receivedAt: Date;
}

export interface WaitForOptions {
  timeoutMs?: number;
}

/**
 * Everything the submission server accepted, local or not, so tests and benchmarks can send to
 * any address and still check what arrived. Only the newest `limit` messages are kept; `total`
 * keeps counting.
 */
export class MailSink {
  readonly #events = new EventEmitter();
  readonly #limit: number;
  #messages: SinkMessage[] = [];
  #total = 0;

  constructor(limit = 10_000) {
    this.#limit = limit;
    this.#events.setMaxListeners(0);
  }

  get messages(): readonly SinkMessage[] {
    return this.#messages;
  }

  /** Messages accepted since start or the last `clear()`, including dropped ones. */
  get total(): number {
    return this.#total;
  }

  record(message: SinkMessage): void {
    this.#messages.push(message);
    this.#total += 1;
    if (this.#messages.length > this.#limit) {
      this.#messages.splice(0, this.#messages.length - this.#limit);
    }
    this.#events.emit('message', message);
  }

  clear(): void {
    this.#messages = [];
    this.#total = 0;
  }

  /** Resolves with the first kept or future message matching `predicate`. */
  waitFor(predicate: (message: SinkMessage) => boolean, options: WaitForOptions = {}) {
    const found = this.#messages.find(predicate);
    if (found) {
      return Promise.resolve(found);
    }

    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise<SinkMessage>((resolve, reject) => {
      const onMessage = (message: SinkMessage) => {
        if (predicate(message)) {
          clearTimeout(timer);
          this.#events.off('message', onMessage);
          resolve(message);
        }
      };
      const timer = setTimeout(() => {
        this.#events.off('message', onMessage);
        reject(new Error(`no matching message in the sink within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#events.on('message', onMessage);
    });
  }
}

import { LineBuffer } from './line-buffer.ts';
import { MultilineDecoder, type MultilineLimits } from './multiline-decoder.ts';
import { Pop3Error, type Pop3Stage } from './pop3-error.ts';
import { type Pop3Status, parseStatusLine } from './pop3-response.ts';
import type { Pop3Transcript } from './pop3-transcript.ts';

/** What to expect after a command (or the greeting). */
export interface ResponseRequest {
  /** Redacted command, for error messages. */
  label: string;
  stage: 'greeting' | 'command';
  timeoutMs: number;
  /** Whether a `+OK` starts a multi-line body (RFC 1939 §3). */
  multiline: boolean;
  limits?: MultilineLimits;
  /** Log the body lines (CAPA, LIST, UIDL); message bodies are only counted. */
  logBody?: boolean;
  /** The `+OK` line may name the body's size (RETR: `+OK 1234 octets`), used to allocate once. */
  announcesSize?: boolean;
}

/** A status line and, for multi-line responses, the decoded body. */
export interface Pop3Response {
  status: Pop3Status;
  body?: Buffer;
}

/** What the reader tells its connection. */
export interface ReaderEvents {
  /** A `+OK` opened a multi-line body: time to switch to the data-idle timeout. */
  bodyStarted(): void;
  /** The awaited response is complete. */
  settled(): void;
}

interface PendingResponse {
  request: ResponseRequest;
  resolve: (response: Pop3Response) => void;
  status?: Pop3Status;
  decoder?: MultilineDecoder;
}

/**
 * Turns received bytes into the one response currently awaited. Bytes that arrive while
 * nothing is awaited stay buffered, up to `maxLineBytes`; beyond that the caller should
 * stop reading from the socket.
 */
export class Pop3ResponseReader {
  readonly #lines = new LineBuffer();
  readonly #maxLineBytes: number;
  readonly #transcript: Pop3Transcript;
  readonly #events: ReaderEvents;
  #pending?: PendingResponse;

  constructor(maxLineBytes: number, transcript: Pop3Transcript, events: ReaderEvents) {
    this.#maxLineBytes = maxLineBytes;
    this.#transcript = transcript;
    this.#events = events;
  }

  /** Bytes received and not yet consumed. */
  get bufferedBytes(): number {
    return this.#lines.length;
  }

  /** Whether a response is awaited. */
  get isWaiting(): boolean {
    return this.#pending !== undefined;
  }

  /** Which step is waiting: the greeting, a status line, or the lines of a body. */
  get stage(): Pop3Stage {
    const pending = this.#pending;
    if (!pending) {
      return 'command';
    }
    return pending.decoder ? 'data' : pending.request.stage;
  }

  /** The awaited command and how far its body got, for error messages. */
  describePending(): { label?: string; receivedBytes?: number } {
    return { label: this.#pending?.request.label, receivedBytes: this.#pending?.decoder?.size };
  }

  push(chunk: Buffer): void {
    this.#lines.push(chunk);
  }

  /** Starts waiting for the next response. */
  expect(request: ResponseRequest, resolve: (response: Pop3Response) => void): void {
    this.#pending = { request, resolve };
  }

  /** Forgets the awaited response, after a failure. */
  cancel(): void {
    this.#pending = undefined;
  }

  /**
   * Consumes buffered lines for the awaited response.
   *
   * @returns `pause` when unrequested data piles up and reading should stop.
   * @throws Pop3Error on garbage, an over-long line or an over-large body.
   */
  process(): 'ok' | 'pause' {
    let line = this.#pending ? this.#lines.takeLine() : undefined;
    while (line && this.#pending) {
      this.#consume(this.#pending, line);
      line = this.#pending ? this.#lines.takeLine() : undefined;
    }
    return this.#checkBufferedLine();
  }

  #consume(pending: PendingResponse, line: Buffer): void {
    if (!pending.status) {
      this.#consumeStatus(pending, line);
      return;
    }

    const decoder = pending.decoder as MultilineDecoder;
    const done = decoder.push(line);
    if (!done && pending.request.logBody) {
      this.#transcript.server(line);
    }
    if (done) {
      if (!pending.request.logBody) {
        this.#transcript.info(`<${decoder.size} bytes>`);
      }
      this.#settle(pending, { status: pending.status, body: decoder.result() });
    }
  }

  #consumeStatus(pending: PendingResponse, line: Buffer): void {
    const { request } = pending;
    if (line.length > this.#maxLineBytes + 2) {
      throw this.#lineTooLong(request.label, this.#maxLineBytes);
    }
    const status = parseStatusLine(line);
    if (!status) {
      const shown = JSON.stringify(line.subarray(0, 80).toString('latin1'));
      const details = { stage: request.stage, command: request.label };
      throw new Pop3Error('POP3_PROTOCOL_ERROR', `not a POP3 response: ${shown}`, details);
    }

    this.#transcript.server(status.line);
    pending.status = status;
    if (status.kind !== 'ok' || !request.multiline) {
      this.#settle(pending, { status });
      return;
    }
    const limits = request.limits ?? { maxBytes: this.#maxLineBytes };
    const expected = request.announcesSize ? announcedSize(status.text) : undefined;
    pending.decoder = new MultilineDecoder(limits, expected);
    this.#events.bodyStarted();
  }

  // Bounded memory: an unterminated line may not grow past what the current step allows.
  #checkBufferedLine(): 'ok' | 'pause' {
    const pending = this.#pending;
    const buffered = this.#lines.length;
    if (!pending) {
      return buffered > this.#maxLineBytes ? 'pause' : 'ok';
    }

    const decoder = pending.decoder;
    const allowed = decoder ? decoder.maxPendingLineBytes : this.#maxLineBytes + 2;
    if (buffered <= allowed) {
      return 'ok';
    }
    const lineLimit = pending.request.limits?.maxLineBytes ?? Number.POSITIVE_INFINITY;
    if (decoder && allowed < lineLimit) {
      const details = { stage: 'data' as const, command: pending.request.label };
      const message = `response to ${pending.request.label} exceeds the size limit`;
      throw new Pop3Error('POP3_MESSAGE_TOO_LARGE', message, details);
    }
    throw this.#lineTooLong(pending.request.label, decoder ? allowed : this.#maxLineBytes);
  }

  #lineTooLong(label: string, limit: number): Pop3Error {
    const message = `response line to ${label} exceeds ${limit} bytes`;
    return new Pop3Error('POP3_LINE_TOO_LONG', message, { stage: this.stage, command: label });
  }

  #settle(pending: PendingResponse, response: Pop3Response): void {
    this.#pending = undefined;
    this.#events.settled();
    pending.resolve(response);
  }
}

/** The size in `+OK 1234 octets` (RFC 1939 §7, RETR), if the server names one. */
function announcedSize(text: string): number | undefined {
  const match = /^(\d{1,10}) octets\b/i.exec(text);
  return match?.[1] ? Number(match[1]) : undefined;
}

/** Throws POP3_COMMAND_FAILED unless the response is `+OK`. */
export function assertOk(response: Pop3Response, command: string): void {
  if (response.status.kind === 'ok') {
    return;
  }
  const { line, responseCode } = response.status;
  const stage = command === 'greeting' ? 'greeting' : 'command';
  throw new Pop3Error('POP3_COMMAND_FAILED', `${command} failed: ${line}`, {
    stage,
    command,
    response: line,
    responseCode,
  });
}

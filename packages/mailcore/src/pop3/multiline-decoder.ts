import { ByteCollector } from './byte-collector.ts';
import { stripLineEnding } from './line-buffer.ts';
import { Pop3Error } from './pop3-error.ts';

const DOT = 0x2e;

/** Bounds for one multi-line response. */
export interface MultilineLimits {
  /** Largest decoded body accepted, in bytes. */
  maxBytes: number;
  /** Longest single line accepted, in bytes; unbounded (up to maxBytes) when undefined. */
  maxLineBytes?: number;
}

/**
 * Decodes the body of a multi-line POP3 response as RFC 1939 §3 defines it, one line at a
 * time: a line that starts with "." loses that dot, and the line that is exactly "." ends the
 * response and is not part of it. Every other byte is kept, line terminators included, so
 * the result is exactly what the server's maildrop held when the server transmits it
 * losslessly. The CRLF before the final "." belongs to the last line of the message.
 *
 * Lenient on purpose: a bare LF ends a line like CRLF does (some servers send stored
 * messages as they are), and whatever terminator a line arrived with is kept unchanged.
 */
export class MultilineDecoder {
  readonly #limits: MultilineLimits;
  readonly #bytes: ByteCollector;
  #done = false;

  /** `expectedBytes`: the size the server announced, if any (a hint for allocation only). */
  constructor(limits: MultilineLimits, expectedBytes?: number) {
    this.#limits = limits;
    this.#bytes = new ByteCollector(limits.maxBytes, expectedBytes);
  }

  /** Decoded bytes so far. */
  get size(): number {
    return this.#bytes.size;
  }

  /** True once the terminating "." line has been seen. */
  get isDone(): boolean {
    return this.#done;
  }

  /** Most bytes an incomplete line may grow to before the response must be refused. */
  get maxPendingLineBytes(): number {
    // +3: a dot-stuffed line carries one extra dot, and the CRLF is not yet counted.
    const bodyRoom = this.#limits.maxBytes - this.size + 3;
    const lineRoom = this.#limits.maxLineBytes ?? Number.POSITIVE_INFINITY;
    return Math.min(bodyRoom, lineRoom);
  }

  /**
   * Feeds one complete line, terminator included.
   *
   * @returns true when this was the terminating "." line.
   * @throws Pop3Error when a limit is exceeded.
   */
  push(line: Buffer): boolean {
    const content = stripLineEnding(line);
    if (content.length === 1 && content[0] === DOT) {
      this.#done = true;
      return true;
    }

    const data = line[0] === DOT ? line.subarray(1) : line;
    const { maxBytes, maxLineBytes } = this.#limits;
    if (maxLineBytes !== undefined && content.length > maxLineBytes) {
      throw new Pop3Error('POP3_LINE_TOO_LONG', `response line exceeds ${maxLineBytes} bytes`, {
        stage: 'data',
      });
    }
    if (this.size + data.length > maxBytes) {
      throw new Pop3Error('POP3_MESSAGE_TOO_LARGE', `response exceeds ${maxBytes} bytes`, {
        stage: 'data',
      });
    }

    // Copied out at once: the line is a view into a socket chunk, and keeping views alive
    // would cost an object per line and keep every chunk until the end.
    this.#bytes.append(data);
    return false;
  }

  /** The decoded body; call once, after the terminating line. */
  result(): Buffer {
    return this.#bytes.result();
  }
}

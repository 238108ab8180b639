const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into LF-terminated lines without decoding it. Chunks are kept as they
 * arrive and only scanned once, so a long line that trickles in costs linear time.
 */
export class LineBuffer {
  #chunks: Buffer[] = [];
  #length = 0;
  // Bytes at the start of the buffer already known to hold no LF.
  #scanned = 0;

  /** Number of buffered bytes not yet taken as a line. */
  get length(): number {
    return this.#length;
  }

  push(chunk: Buffer): void {
    if (chunk.length > 0) {
      this.#chunks.push(chunk);
      this.#length += chunk.length;
    }
  }

  /** Takes the next complete line including its terminator, or undefined when none is complete. */
  takeLine(): Buffer | undefined {
    let offset = 0;
    for (const chunk of this.#chunks) {
      if (offset + chunk.length > this.#scanned) {
        const from = Math.max(0, this.#scanned - offset);
        const lf = chunk.indexOf(LF, from);
        if (lf !== -1) {
          return this.#take(offset + lf + 1);
        }
      }
      offset += chunk.length;
    }
    this.#scanned = this.#length;
    return undefined;
  }

  /** Empties the buffer and returns what it held. */
  takeAll(): Buffer {
    return this.#take(this.#length);
  }

  #take(count: number): Buffer {
    const parts: Buffer[] = [];
    let needed = count;
    while (needed > 0) {
      const head = this.#chunks[0];
      if (!head) {
        break;
      }
      if (head.length <= needed) {
        parts.push(head);
        this.#chunks.shift();
        needed -= head.length;
      } else {
        parts.push(head.subarray(0, needed));
        this.#chunks[0] = head.subarray(needed);
        needed = 0;
      }
    }
    this.#length -= count;
    this.#scanned = 0;
    return parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts, count);
  }
}

/** Returns the line without its LF or CRLF terminator. */
export function stripLineEnding(line: Buffer): Buffer {
  let end = line.length;
  if (end > 0 && line[end - 1] === LF) {
    end -= 1;
    if (end > 0 && line[end - 1] === CR) {
      end -= 1;
    }
  }
  return line.subarray(0, end);
}

// Growth step for a body whose size nobody announced; small enough for CAPA or UIDL.
const MIN_BLOCK_BYTES = 16 * 1024;

/**
 * Collects the decoded lines of one response into as few buffers as possible. With the size
 * the server announced (`+OK 1234 octets`) the body lands in one buffer allocated once, and
 * the result is that buffer: one copy of the message in memory, not one Buffer object per
 * line plus a concatenation at the end.
 */
export class ByteCollector {
  readonly #full: Buffer[] = [];
  readonly #maxBytes: number;
  #current: Buffer;
  #used = 0;
  #size = 0;

  /** `expectedBytes` is only a hint: a wrong one costs a copy, never a wrong result. */
  constructor(maxBytes: number, expectedBytes?: number) {
    this.#maxBytes = maxBytes;
    // Pages of a large allocation are only backed by memory once written, so a hint that is
    // too large costs address space, not resident memory.
    const first = Math.min(Math.max(expectedBytes ?? 0, MIN_BLOCK_BYTES), maxBytes);
    this.#current = Buffer.allocUnsafe(first);
  }

  /** Bytes collected so far. */
  get size(): number {
    return this.#size;
  }

  append(data: Buffer): void {
    let offset = 0;
    while (offset < data.length) {
      if (this.#used === this.#current.length) {
        this.#grow();
      }
      const copied = data.copy(this.#current, this.#used, offset);
      this.#used += copied;
      offset += copied;
    }
    this.#size += data.length;
  }

  /** The collected bytes; the collector must not be used afterwards. */
  result(): Buffer {
    const last = this.#current.subarray(0, this.#used);
    if (this.#full.length > 0) {
      return Buffer.concat([...this.#full, last], this.#size);
    }
    // A much too large first block (a wrong hint, a TOP) is not kept alive by a small result.
    return this.#used * 2 < this.#current.length ? Buffer.from(last) : last;
  }

  #grow(): void {
    this.#full.push(this.#current);
    const next = Math.max(this.#size, MIN_BLOCK_BYTES);
    this.#current = Buffer.allocUnsafe(Math.max(1, Math.min(next, this.#maxBytes - this.#size)));
    this.#used = 0;
  }
}

import type { Pop3Client } from '@postwerk/mailcore';
import type { FetchedMessage } from './store-message.ts';

/**
 * Bounds of one pass. A batch (one transaction, one commit) holds at most `maxMessages` and
 * `maxBytes`; at most `aheadMessages` RETRs totalling `aheadBytes` are issued before the one
 * being read (with PIPELINING they are on the wire together; without, the client runs them
 * one after another while a batch is being stored).
 */
// Known limit: the byte bounds trust the sizes LIST announces; a server that understates them
// can make a pass hold more (each message stays capped by the client's maxMessageBytes).
export type BatchLimits = {
  maxMessages: number;
  maxBytes: number;
  aheadMessages: number;
  aheadBytes: number;
};

export const DEFAULT_BATCH_LIMITS: BatchLimits = {
  maxMessages: 50,
  maxBytes: 8 * 1024 * 1024,
  aheadMessages: 16,
  aheadBytes: 1024 * 1024,
};

/** A message to fetch: number and UIDL from UIDL, size from LIST (0 when unknown). */
export type FetchEntry = { msgNumber: number; uidl: string; size: number };

export type FetchPipelineOptions = {
  session: Pop3Client;
  /** Stores a batch in one transaction (bytes, inbox fields, UIDL ledger); returns how many. */
  store(messages: FetchedMessage[]): Promise<number>;
  /** False with "keep a copy on the server": nothing is ever deleted. */
  deleteAfterStore: boolean;
  limits?: Partial<BatchLimits>;
};

type Retrieved = FetchedMessage & { msgNumber: number };

/**
 * RETR, store and DELE in batches, with the RETRs of the next batch running while the last
 * batch is being stored. The order that keeps mail safe holds per batch: a message is DELEd
 * only after the transaction that stored it (and its UIDL) committed, and DELE only counts
 * after QUIT. A crash before the commit leaves the batch undeleted and unrecorded (fetched
 * again next time); a crash after it leaves the messages on the server with their UIDLs in
 * the ledger (only deleted next time).
 *
 * Memory stays bounded: at most one batch is being stored while the next one fills, each
 * below `maxBytes` by the sizes LIST announced, plus the RETRs issued ahead; a message larger
 * than `maxBytes` is fetched only when nothing else is held, and stored alone before the next.
 */
export class FetchPipeline {
  readonly #options: FetchPipelineOptions;
  readonly #limits: BatchLimits;
  #batch: Retrieved[] = [];
  #batchBytes = 0;
  #inFlight?: Promise<void>;
  /** Messages stored by this pass. */
  stored = 0;
  /** UIDLs DELEd in this pass (gone from the server once QUIT succeeds). */
  readonly deleted: string[] = [];

  constructor(options: FetchPipelineOptions) {
    this.#options = options;
    this.#limits = { ...DEFAULT_BATCH_LIMITS, ...options.limits };
  }

  /** RETRs, stores and (unless keeping a copy) DELEs these messages, in this order. */
  async fetchAll(entries: readonly FetchEntry[]): Promise<void> {
    const ahead = new ReadAhead(this.#options.session, entries, this.#limits);
    for (const [index, entry] of entries.entries()) {
      const large = this.#isLarge(entry.size);
      await this.#makeRoomFor(entry.size, large);
      const raw = await ahead.take(index, !large);
      this.#batch.push({ msgNumber: entry.msgNumber, uidl: entry.uidl, raw });
      this.#batchBytes += raw.length;
      // The real size counts too: LIST may be missing or wrong.
      if (large || this.#isLarge(this.#batchBytes)) {
        await this.#flush();
        await this.#drain();
      }
    }
  }

  /** DELEs messages whose UIDLs the ledger already holds (stored by an earlier pass). */
  async deleteStored(entries: readonly Pick<FetchEntry, 'msgNumber' | 'uidl'>[]): Promise<void> {
    if (entries.length === 0) {
      return;
    }
    await this.#options.session.deleMany(entries.map((entry) => entry.msgNumber));
    this.deleted.push(...entries.map((entry) => entry.uidl));
  }

  /** Stores what is left and waits until every batch is stored and DELEd. */
  async finish(): Promise<void> {
    await this.#flush();
    await this.#drain();
  }

  /** After a failure: lets a store in flight settle, so nothing runs on after the pass. */
  async abandon(): Promise<void> {
    this.#batch = [];
    await this.#inFlight?.catch(() => undefined);
    this.#inFlight = undefined;
  }

  #isLarge(bytes: number): boolean {
    return bytes > this.#limits.maxBytes;
  }

  /** Flushes a full batch; before a large message, waits until nothing else is held. */
  async #makeRoomFor(size: number, large: boolean): Promise<void> {
    const count = this.#batch.length;
    const full = count >= this.#limits.maxMessages || this.#isLarge(this.#batchBytes + size);
    if (count > 0 && full) {
      await this.#flush();
    }
    if (large) {
      await this.#drain();
    }
  }

  /** Hands the filled batch to the store; waits for the previous one first. */
  async #flush(): Promise<void> {
    if (this.#batch.length === 0) {
      return;
    }
    const batch = this.#batch;
    this.#batch = [];
    this.#batchBytes = 0;
    await this.#drain();
    const inFlight = this.#storeAndDelete(batch);
    // Observed by the next drain; until then a rejection must not count as unhandled.
    inFlight.catch(() => undefined);
    this.#inFlight = inFlight;
  }

  async #drain(): Promise<void> {
    const inFlight = this.#inFlight;
    this.#inFlight = undefined;
    await inFlight;
  }

  async #storeAndDelete(batch: Retrieved[]): Promise<void> {
    const numbers = batch.map(({ msgNumber, uidl }) => ({ msgNumber, uidl }));
    // Emptied on the way in, so the bytes are not held while the DELEs run.
    const messages = batch.splice(0).map(({ uidl, raw }) => ({ uidl, raw }));
    this.stored += await this.#options.store(messages.splice(0));
    if (this.#options.deleteAfterStore) {
      await this.deleteStored(numbers);
    }
  }
}

/**
 * The RETRs of one pass, some issued before they are needed so that the server streams the
 * next message while this one is stored (RFC 2449 PIPELINING; without it the client sends
 * each RETR only after the previous reply, and issuing ahead changes nothing). A message
 * that may not be read ahead ends the window: replies come in command order.
 */
class ReadAhead {
  readonly #session: Pop3Client;
  readonly #entries: readonly FetchEntry[];
  readonly #limits: BatchLimits;
  readonly #issued = new Map<number, Promise<Buffer>>();
  #next = 0;
  #bytes = 0;

  constructor(session: Pop3Client, entries: readonly FetchEntry[], limits: BatchLimits) {
    this.#session = session;
    this.#entries = entries;
    this.#limits = limits;
  }

  /** The message at `index`, fetched now or earlier; tops up the window when `refill`. */
  async take(index: number, refill: boolean): Promise<Buffer> {
    if (!this.#issued.has(index)) {
      this.#issue([index]);
    }
    const pending = this.#issued.get(index) as Promise<Buffer>;
    this.#issued.delete(index);
    this.#bytes -= this.#entries[index]?.size ?? 0;
    if (refill) {
      this.#fill(index + 1);
    }
    return pending;
  }

  /**
   * Issues RETRs ahead in groups (one write each with PIPELINING): once the window is down to
   * half, it is topped up to `aheadMessages` within `aheadBytes`.
   */
  #fill(from: number): void {
    const { aheadMessages, aheadBytes, maxBytes } = this.#limits;
    this.#next = Math.max(this.#next, from);
    if (this.#issued.size > aheadMessages / 2) {
      return;
    }
    const group: number[] = [];
    let bytes = this.#bytes;
    while (this.#next + group.length < this.#entries.length) {
      const size = this.#entries[this.#next + group.length]?.size ?? 0;
      const count = this.#issued.size + group.length;
      // Size 0: LIST gave none, so its bytes cannot be bounded in advance.
      if (count >= aheadMessages || size === 0 || size > maxBytes || bytes + size > aheadBytes) {
        break;
      }
      group.push(this.#next + group.length);
      bytes += size;
    }
    this.#issue(group);
  }

  #issue(indexes: number[]): void {
    if (indexes.length === 0) {
      return;
    }
    const entries = indexes.map((index) => this.#entries[index] as FetchEntry);
    const pending = this.#session.retrMany(entries.map((entry) => entry.msgNumber));
    for (const [i, index] of indexes.entries()) {
      const message = pending[i] as Promise<Buffer>;
      // Awaited by take(); a pass that fails first must not leave it unhandled.
      message.catch(() => undefined);
      this.#issued.set(index, message);
      this.#bytes += entries[i]?.size ?? 0;
      this.#next = Math.max(this.#next, index + 1);
    }
  }
}

import { authenticateXoauth2, loginWithPassword } from './pop3-auth.ts';
import type { CommandOptions, Pop3Connection, Pop3Response } from './pop3-connection.ts';
import { Pop3Error } from './pop3-error.ts';
import { performHandshake } from './pop3-handshake.ts';
import {
  type Pop3ListEntry,
  type Pop3Stat,
  type Pop3UidlEntry,
  parseListEntry,
  parseStat,
  parseUidlEntry,
} from './pop3-listing.ts';
import {
  type Pop3Auth,
  type Pop3ClientOptions,
  type Pop3Settings,
  pop3SettingsSchema,
} from './pop3-options.ts';
import { type Pop3Capabilities, splitListing } from './pop3-response.ts';
import { assertOk } from './pop3-response-reader.ts';

type ClientState = 'new' | 'connecting' | 'authorization' | 'transaction' | 'closed';

/**
 * A POP3 client (RFC 1939, 2449, 2595, 5034) that works on raw bytes: RETR returns the
 * message exactly as the server's maildrop holds it, every step has a timeout, and a dropped
 * connection rejects every pending call with a {@link Pop3Error} instead of hanging.
 *
 * Calls are queued and answered in call order. One command is in flight at a time, except
 * RETR and DELE when the server advertises PIPELINING (RFC 2449 §6.6): those are written at
 * once, and their replies read in order. A caller that issues many RETRs ahead holds each
 * message once it arrives, so it bounds how many it issues.
 */
export class Pop3Client {
  readonly #settings: Pop3Settings;
  readonly #options: Pop3ClientOptions;
  #connection?: Pop3Connection;
  // Settles once the replies of all earlier calls have been read.
  #queue: Promise<unknown> = Promise.resolve();
  // Settles once all earlier calls have written their commands (what PIPELINING waits for).
  #sendTurn: Promise<unknown> = Promise.resolve();
  #state: ClientState = 'new';
  #greeting?: string;
  #capabilities?: Pop3Capabilities;

  /** @throws ZodError when the options are invalid. */
  constructor(options: Pop3ClientOptions) {
    this.#settings = pop3SettingsSchema.parse(options);
    this.#options = options;
  }

  /** Text of the server's `+OK` greeting, once connected. */
  get greeting(): string | undefined {
    return this.#greeting;
  }

  /** CAPA result (after STLS: the one read over TLS); empty when CAPA is not supported. */
  get capabilities(): Pop3Capabilities | undefined {
    return this.#capabilities;
  }

  /** Whether the connection is encrypted (implicit TLS or after STLS). */
  get isSecure(): boolean {
    return this.#connection?.isSecure ?? false;
  }

  /** Whether USER/PASS or AUTH succeeded (RFC 1939 TRANSACTION state). */
  get isAuthenticated(): boolean {
    return this.#state === 'transaction';
  }

  /**
   * Connects, reads the greeting and the capabilities and, for `STARTTLS`, upgrades with
   * STLS. With `STARTTLS` it fails with `POP3_STLS_UNAVAILABLE` when the server does not
   * offer STLS or refuses it, so no credential is ever sent in clear.
   */
  async connect(): Promise<void> {
    this.#assertState('new', 'connect');
    this.#state = 'connecting';
    try {
      const handshake = await performHandshake(this.#settings, this.#options, (connection) => {
        // Known early so that close() can abort a handshake in progress.
        this.#connection = connection;
        if (this.#state === 'closed') {
          connection.destroy(new Pop3Error('POP3_CLIENT_CLOSED', 'client closed'));
        }
      });
      this.#greeting = handshake.greeting;
      this.#capabilities = handshake.capabilities;
      this.#state = 'authorization';
    } catch (error) {
      this.#state = 'closed';
      throw error;
    }
  }

  /** Authenticates with USER/PASS or SASL XOAUTH2; see {@link Pop3Auth}. */
  authenticate(auth: Pop3Auth): Promise<void> {
    return this.#run('authorization', async (connection) => {
      const { security } = this.#settings;
      if (security !== 'NONE' && !connection.isSecure) {
        const message = 'refusing to send credentials over an unencrypted connection';
        throw new Pop3Error('POP3_STLS_UNAVAILABLE', message, { stage: 'command' });
      }

      const { commandMs } = this.#settings.timeouts;
      if (auth.type === 'password') {
        await loginWithPassword(connection, auth, commandMs);
      } else {
        await authenticateXoauth2(connection, auth, commandMs);
      }
      this.#state = 'transaction';
    });
  }

  /** STAT: number of messages and total size. */
  async stat(): Promise<Pop3Stat> {
    const { status } = await this.#command('STAT', false);
    return parseStat(status.text);
  }

  /** LIST: sizes of all messages, or of one when `msgNumber` is given. */
  list(): Promise<Pop3ListEntry[]>;
  list(msgNumber: number): Promise<Pop3ListEntry>;
  async list(msgNumber?: number): Promise<Pop3ListEntry[] | Pop3ListEntry> {
    if (msgNumber !== undefined) {
      const { status } = await this.#command(`LIST ${checkMessageNumber(msgNumber)}`, false);
      return parseListEntry(status.text);
    }
    const { body } = await this.#command('LIST', true);
    return listLines(body).map(parseListEntry);
  }

  /** UIDL: unique ids of all messages, or of one when `msgNumber` is given. */
  uidl(): Promise<Pop3UidlEntry[]>;
  uidl(msgNumber: number): Promise<Pop3UidlEntry>;
  async uidl(msgNumber?: number): Promise<Pop3UidlEntry[] | Pop3UidlEntry> {
    if (msgNumber !== undefined) {
      const { status } = await this.#command(`UIDL ${checkMessageNumber(msgNumber)}`, false);
      return parseUidlEntry(status.text);
    }
    const { body } = await this.#command('UIDL', true);
    return listLines(body).map(parseUidlEntry);
  }

  /**
   * RETR: the message exactly as transmitted, dot-stuffing undone (RFC 1939 §3). The line
   * break before the terminating "." is part of the result, so a maildrop message without
   * a final line break comes back with the CRLF the server had to add.
   */
  // Known limit: the protocol cannot express "no final line break" (the terminating "."
  // must start a line), so such a message comes back with the server's added CRLF; and an
  // RFC 1939 server sends bare-LF messages with CRLF, which is what we then return.
  // Known limit: the whole message is held in memory (up to limits.maxMessageBytes); there
  // is no streaming RETR. It is held once: decoded lines are copied into one buffer, sized
  // by the `+OK N octets` the server announces (one more copy when it announces none).
  async retr(msgNumber: number): Promise<Buffer> {
    const [message] = this.retrMany([msgNumber]);
    return message as Promise<Buffer>;
  }

  /**
   * RETR for several messages, as {@link retr} returns them, one promise each. With
   * PIPELINING the commands go out in one write. Each message is held in memory as soon as
   * it arrives, whether or not its promise is awaited yet; a refused RETR rejects only its
   * own promise.
   *
   * @throws Pop3Error POP3_USAGE_ERROR for an invalid message number, before anything is sent.
   */
  retrMany(msgNumbers: readonly number[]): Promise<Buffer>[] {
    const lines = msgNumbers.map((msgNumber) => `RETR ${checkMessageNumber(msgNumber)}`);
    return this.#pipeline(lines, 'message').map(async (reply) => {
      const { body } = await reply;
      return body ?? Buffer.alloc(0);
    });
  }

  /** TOP (RFC 1939 §7): the header and the first `lines` body lines, as raw bytes. */
  async top(msgNumber: number, lines: number): Promise<Buffer> {
    if (!Number.isInteger(lines) || lines < 0) {
      throw new Pop3Error('POP3_USAGE_ERROR', 'TOP needs lines >= 0');
    }
    const { body } = await this.#command(
      `TOP ${checkMessageNumber(msgNumber)} ${lines}`,
      'message',
    );
    return body ?? Buffer.alloc(0);
  }

  /** DELE: marks a message; the server removes it only after a successful {@link quit}. */
  async dele(msgNumber: number): Promise<void> {
    await this.deleMany([msgNumber]);
  }

  /**
   * DELE for several messages. When the server advertises PIPELINING (RFC 2449 §6.6) the
   * commands go out in one write and the replies are read in order, which saves a round trip
   * per message; otherwise they are sent one at a time. Every reply is read before a refusal
   * is thrown, so the session stays in step with the server.
   *
   * @throws Pop3Error POP3_COMMAND_FAILED for the first DELE the server refused.
   */
  async deleMany(msgNumbers: readonly number[]): Promise<void> {
    const lines = msgNumbers.map((msgNumber) => `DELE ${checkMessageNumber(msgNumber)}`);
    const replies = await Promise.allSettled(this.#pipeline(lines, false));
    const refused = replies.find((reply) => reply.status === 'rejected');
    if (refused) {
      throw refused.reason;
    }
  }

  /** RSET: unmarks all messages marked with DELE. */
  async rset(): Promise<void> {
    await this.#command('RSET', false);
  }

  /** NOOP: keeps the session alive and checks that the server still answers. */
  async noop(): Promise<void> {
    await this.#command('NOOP', false);
  }

  /**
   * QUIT: ends the session. Only after its `+OK` are DELE-marked messages removed
   * (RFC 1939 §6); a `-ERR` means they were not, and is thrown as POP3_COMMAND_FAILED.
   */
  quit(): Promise<void> {
    return this.#run(undefined, async (connection) => {
      const { commandMs } = this.#settings.timeouts;
      const response = await connection.command('QUIT', 'QUIT', { timeoutMs: commandMs });
      this.#state = 'closed';
      connection.end();
      assertOk(response, 'QUIT');
    });
  }

  /** Closes the connection at once; pending calls reject with POP3_CLIENT_CLOSED. */
  // Known limit: during the TCP connect itself close() only takes effect once the socket
  // connects or timeouts.connectMs expires.
  close(): void {
    this.#state = 'closed';
    this.#connection?.destroy(new Pop3Error('POP3_CLIENT_CLOSED', 'client closed'));
  }

  #command(line: string, kind: boolean | 'message'): Promise<Pop3Response> {
    return this.#run('transaction', async (connection) => {
      const response = await connection.command(line, line, this.#optionsFor(line, kind));
      assertOk(response, line);
      return response;
    });
  }

  /**
   * Commands whose replies the caller awaits in order. With PIPELINING they are written
   * together as soon as every earlier command was, and each reply is read after the one
   * before it; without, each is sent once the previous reply has been read.
   */
  #pipeline(lines: string[], kind: false | 'message'): Promise<Pop3Response>[] {
    if (lines.length === 0) {
      return [];
    }
    if (!this.#capabilities?.has('PIPELINING')) {
      return lines.map((line) => this.#command(line, kind));
    }
    const sent = this.#sendTurn.then(() => {
      const connection = this.#usableConnection('transaction');
      connection.sendPipelined(lines);
      return connection;
    });
    this.#sendTurn = sent.catch(() => undefined);
    return lines.map((line) => {
      const reply = Promise.all([sent, this.#queue]).then(async ([connection]) => {
        const request = { ...this.#optionsFor(line, kind), label: line, stage: 'command' as const };
        const response = await connection.readResponse({ multiline: false, ...request });
        assertOk(response, line);
        return response;
      });
      this.#queue = reply.catch(() => undefined);
      return reply;
    });
  }

  #optionsFor(line: string, kind: boolean | 'message'): CommandOptions {
    const { timeouts, limits } = this.#settings;
    return {
      timeoutMs: timeouts.commandMs,
      multiline: kind !== false,
      logBody: kind === true,
      announcesSize: line.startsWith('RETR '),
      limits:
        kind === 'message'
          ? { maxBytes: limits.maxMessageBytes }
          : { maxBytes: limits.maxMessageBytes, maxLineBytes: limits.maxLineBytes },
    };
  }

  #run<T>(state: ClientState | undefined, operation: (c: Pop3Connection) => Promise<T>) {
    const result = this.#queue.then(() => operation(this.#usableConnection(state)));
    this.#queue = result.catch(() => undefined);
    // A pipelined command issued after this one goes out only once this one is done.
    this.#sendTurn = this.#queue;
    return result;
  }

  #usableConnection(state: ClientState | undefined): Pop3Connection {
    const connection = this.#connection;
    if (connection?.failure) {
      throw connection.failure;
    }
    if (!connection || (state && this.#state !== state)) {
      throw new Pop3Error('POP3_USAGE_ERROR', `not allowed in state ${this.#state}`);
    }
    return connection;
  }

  #assertState(expected: ClientState, action: string): void {
    if (this.#state !== expected) {
      throw new Pop3Error('POP3_USAGE_ERROR', `${action} not allowed in state ${this.#state}`);
    }
  }
}

function checkMessageNumber(msgNumber: number): number {
  if (!Number.isInteger(msgNumber) || msgNumber < 1) {
    throw new Pop3Error('POP3_USAGE_ERROR', `invalid message number ${msgNumber}`);
  }
  return msgNumber;
}

function listLines(body: Buffer | undefined): string[] {
  return body ? splitListing(body) : [];
}

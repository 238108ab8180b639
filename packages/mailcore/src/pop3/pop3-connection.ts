import type net from 'node:net';
import { Pop3Error, type Pop3Stage } from './pop3-error.ts';
import {
  type Pop3Response,
  Pop3ResponseReader,
  type ResponseRequest,
} from './pop3-response-reader.ts';
import { type SocketTarget, toSocketError, upgradeSocket } from './pop3-socket.ts';
import type { Pop3Transcript } from './pop3-transcript.ts';

export type { Pop3Response, ResponseRequest } from './pop3-response-reader.ts';

/** Per-command settings for {@link Pop3Connection.command}. */
export type CommandOptions = Pick<
  ResponseRequest,
  'timeoutMs' | 'limits' | 'logBody' | 'announcesSize'
> & {
  multiline?: boolean;
};

/**
 * Socket, timeouts and failure handling of one POP3 connection. Internal. Every wait has a
 * timer, and every way the connection can end (timeout, socket error, close, caller's
 * destroy) rejects whatever is pending with one {@link Pop3Error}.
 */
export class Pop3Connection {
  #socket: net.Socket;
  #secure: boolean;
  readonly #target: SocketTarget;
  readonly #dataIdleMs: number;
  readonly #transcript: Pop3Transcript;
  readonly #reader: Pop3ResponseReader;
  readonly #rejectors = new Set<(error: Pop3Error) => void>();
  #timer?: NodeJS.Timeout;
  #failure?: Pop3Error;
  #closing = false;

  constructor(
    socket: net.Socket,
    target: SocketTarget,
    settings: { maxLineBytes: number; dataIdleMs: number },
    transcript: Pop3Transcript,
  ) {
    this.#socket = socket;
    this.#secure = target.security === 'TLS';
    this.#target = target;
    this.#dataIdleMs = settings.dataIdleMs;
    this.#transcript = transcript;
    this.#reader = new Pop3ResponseReader(settings.maxLineBytes, transcript, {
      bodyStarted: () => this.#startTimer('data', this.#dataIdleMs),
      settled: () => clearTimeout(this.#timer),
    });
    this.#attach(socket);
  }

  get isSecure(): boolean {
    return this.#secure;
  }

  /** The error that ended the connection, if it has ended. */
  get failure(): Pop3Error | undefined {
    return this.#failure;
  }

  /** Writes one command line. `logText` is the redacted copy for the transcript. */
  send(line: string, logText: string): void {
    if (this.#failure) {
      throw this.#failure;
    }
    if (/[\r\n\0]/.test(line)) {
      throw new Pop3Error('POP3_USAGE_ERROR', 'command contains CR, LF or NUL', {
        command: logText,
      });
    }
    this.#transcript.client(logText);
    this.#socket.write(Buffer.from(`${line}\r\n`, 'utf8'));
  }

  /**
   * Writes several command lines at once (RFC 2449 §6.6 PIPELINING); the caller then reads
   * one response per line, in order. For commands that carry no secret.
   */
  sendPipelined(lines: readonly string[]): void {
    if (this.#failure) {
      throw this.#failure;
    }
    const bad = lines.find((line) => /[\r\n\0]/.test(line));
    if (bad !== undefined) {
      throw new Pop3Error('POP3_USAGE_ERROR', 'command contains CR, LF or NUL', { command: bad });
    }
    for (const line of lines) {
      this.#transcript.client(line);
    }
    this.#socket.write(Buffer.from(lines.map((line) => `${line}\r\n`).join(''), 'utf8'));
  }

  /** Sends a command and waits for its response; `logText` is the redacted copy. */
  command(line: string, logText: string, options: CommandOptions): Promise<Pop3Response> {
    try {
      this.send(line, logText);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.readResponse({ multiline: false, ...options, label: logText, stage: 'command' });
  }

  /** Waits for the next response; rejects with a {@link Pop3Error}, never hangs. */
  readResponse(request: ResponseRequest): Promise<Pop3Response> {
    if (this.#failure) {
      return Promise.reject(this.#failure);
    }
    if (this.#reader.isWaiting) {
      const error = new Pop3Error('POP3_USAGE_ERROR', 'a response is already awaited');
      return Promise.reject(error);
    }

    return new Promise<Pop3Response>((resolve, reject) => {
      this.#rejectors.add(reject);
      this.#reader.expect(request, (response) => {
        this.#rejectors.delete(reject);
        resolve(response);
      });
      this.#startTimer(request.stage, request.timeoutMs);
      this.#socket.resume();
      this.#process();
    });
  }

  /**
   * Switches to TLS after a `+OK` to STLS. Bytes the server sent after that `+OK` are
   * refused: they arrived before the handshake, so an attacker may have injected them
   * (the STARTTLS response-injection class of bugs); RFC 2595 §4 makes the client start
   * afresh after the upgrade.
   */
  async upgradeToTls(timeoutMs: number): Promise<void> {
    if (this.#failure) {
      throw this.#failure;
    }
    if (this.#reader.bufferedBytes > 0) {
      const details = { stage: 'tls' as const, command: 'STLS' };
      const error = new Pop3Error('POP3_PROTOCOL_ERROR', 'data before TLS started', details);
      this.#fail(error);
      throw error;
    }

    const plain = this.#socket;
    this.#detach(plain);
    const upgrade = upgradeSocket(plain, this.#target, timeoutMs);
    const aborted = new Promise<never>((_, reject) => this.#rejectors.add(reject));
    aborted.catch(() => undefined);
    try {
      this.#socket = await Promise.race([upgrade, aborted]);
    } catch (error) {
      this.#fail(error as Pop3Error);
      throw error;
    }
    this.#rejectors.clear();
    this.#secure = true;
    this.#attach(this.#socket);
  }

  /** Ends the connection politely, after QUIT. */
  end(): void {
    this.#closing = true;
    this.#socket.end();
    setTimeout(() => this.#socket.destroy(), 2_000).unref();
  }

  /** Ends the connection at once; pending operations reject with `reason`. */
  destroy(reason: Pop3Error): void {
    this.#closing = true;
    this.#fail(reason);
  }

  #attach(socket: net.Socket): void {
    socket.on('data', this.#onData);
    socket.on('error', this.#onError);
    socket.on('close', this.#onClose);
  }

  #detach(socket: net.Socket): void {
    socket.off('data', this.#onData);
    socket.off('error', this.#onError);
    socket.off('close', this.#onClose);
  }

  #onData = (chunk: Buffer): void => {
    this.#reader.push(chunk);
    if (this.#reader.stage === 'data') {
      // The data timeout measures silence, not total transfer time.
      this.#startTimer('data', this.#dataIdleMs);
    }
    this.#process();
  };

  #onError = (err: Error): void => {
    const { label } = this.#reader.describePending();
    this.#fail(toSocketError(err, this.#reader.stage, label));
  };

  #onClose = (): void => {
    const { label, receivedBytes } = this.#reader.describePending();
    if (this.#closing && !label) {
      this.#fail(new Pop3Error('POP3_CLIENT_CLOSED', 'connection closed'));
      return;
    }
    const during = label ? ` during ${label}` : '';
    const received = receivedBytes === undefined ? '' : ` after ${receivedBytes} bytes`;
    const message = `server closed the connection${during}${received}`;
    const details = { stage: this.#reader.stage, command: label };
    this.#fail(new Pop3Error('POP3_CONNECTION_CLOSED', message, details));
  };

  #process(): void {
    try {
      if (this.#reader.process() === 'pause') {
        // Nobody asked for these bytes; stop reading until someone does.
        this.#socket.pause();
      }
    } catch (error) {
      this.#fail(error as Pop3Error);
    }
  }

  #startTimer(stage: Pop3Stage, ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const { label } = this.#reader.describePending();
      const message = `${stage} timed out after ${ms} ms${label ? ` (${label})` : ''}`;
      this.#fail(new Pop3Error('POP3_TIMEOUT', message, { stage, command: label }));
    }, ms);
  }

  #fail(error: Pop3Error): void {
    if (this.#failure) {
      return;
    }
    this.#failure = error;
    clearTimeout(this.#timer);
    this.#reader.cancel();
    this.#socket.destroy();
    for (const reject of this.#rejectors) {
      reject(error);
    }
    this.#rejectors.clear();
    const ending = error.code === 'POP3_CLIENT_CLOSED' ? 'closed' : `failed: ${error.message}`;
    this.#transcript.info(`connection ${ending}`);
  }
}

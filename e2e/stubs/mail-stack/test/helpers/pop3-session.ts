import net from 'node:net';
import tls from 'node:tls';

/**
 * A deliberately raw POP3 client for tests: lines in, lines out, so the exact server replies
 * can be asserted. Not a model for production code (packages/mailcore has the real client).
 */
export class Pop3Session {
  #socket: net.Socket;
  #buffer = Buffer.alloc(0);
  #waiter: (() => void) | undefined;
  #closed = false;

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    this.#attach(socket);
  }

  /** Implicit TLS (Microsoft's outlook.office365.com:995 style). */
  static async connectTls(port: number, ca: Buffer): Promise<Pop3Session> {
    const socket = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve);
      socket.once('error', reject);
    });
    return Pop3Session.#withGreeting(socket);
  }

  static async connectPlain(port: number): Promise<Pop3Session> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return Pop3Session.#withGreeting(socket);
  }

  static async #withGreeting(socket: net.Socket): Promise<Pop3Session> {
    const session = new Pop3Session(socket);
    session.greeting = await session.readLine();
    return session;
  }

  greeting = '';

  /** Sends STLS and upgrades the connection (RFC 2595 section 4). */
  async startTls(ca: Buffer): Promise<string> {
    const reply = await this.command('STLS');
    if (!reply.startsWith('+OK')) {
      return reply;
    }
    this.#socket.removeAllListeners('data');
    const secure = tls.connect({ socket: this.#socket, ca, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', reject);
    });
    this.#socket = secure;
    this.#attach(secure);
    return reply;
  }

  async command(line: string): Promise<string> {
    this.send(line);
    return this.readLine();
  }

  send(line: string): void {
    this.#socket.write(Buffer.concat([Buffer.from(line, 'utf8'), Buffer.from('\r\n')]));
  }

  /**
   * Microsoft's two-step XOAUTH2: `AUTH XOAUTH2`, a `+ ` continuation, then the base64 string on
   * its own line. A refused token first gets `+ <base64 JSON error>`, answered with an empty line
   * (RFC 7628 section 3.2.3), and only then the `-ERR`.
   */
  async authXoauth2(email: string, token: string): Promise<string> {
    const continuation = await this.command('AUTH XOAUTH2');
    if (!continuation.startsWith('+')) {
      return continuation;
    }
    const initial = Buffer.from(`user=${email}\x01auth=Bearer ${token}\x01\x01`).toString('base64');
    const reply = await this.command(initial);
    return reply.startsWith('+ ') ? this.command('') : reply;
  }

  /** Reads a multi-line reply's body, undoing dot-stuffing (RFC 1939 section 3). */
  async readMultiline(): Promise<Buffer> {
    const lines: Buffer[] = [];
    for (;;) {
      const line = await this.readRawLine();
      if (line.equals(Buffer.from('.\r\n'))) {
        return Buffer.concat(lines);
      }
      lines.push(line[0] === 0x2e ? line.subarray(1) : line);
    }
  }

  async readLine(): Promise<string> {
    return (await this.readRawLine()).toString('utf8').replace(/\r\n$/, '');
  }

  async readRawLine(): Promise<Buffer> {
    for (;;) {
      const end = this.#buffer.indexOf('\r\n');
      if (end >= 0) {
        const line = this.#buffer.subarray(0, end + 2);
        this.#buffer = this.#buffer.subarray(end + 2);
        return line;
      }
      if (this.#closed) {
        throw new Error('connection closed while waiting for a line');
      }
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
      });
    }
  }

  async quit(): Promise<void> {
    if (!this.#closed) {
      await this.command('QUIT').catch(() => undefined);
    }
    this.#socket.destroy();
  }

  #attach(socket: net.Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake();
    });
    socket.on('close', () => {
      this.#closed = true;
      this.#wake();
    });
    socket.on('error', () => undefined);
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }
}

import net from 'node:net';
import tls from 'node:tls';
import { encodeRfc1939 } from './pop3-wire.ts';
import type { TestCertificate } from './test-certificate.ts';

/** Context handed to a script hook for one received command. */
export interface ScriptContext {
  socket: net.Socket;
  /** Writes bytes or a text (sent as is; add CRLF yourself). */
  write(data: string | Buffer): void;
}

export interface FakePop3ServerOptions {
  greeting?: string;
  /** CAPA lines; null makes CAPA answer -ERR. */
  capabilities?: string[] | null;
  /** TLS material: enables STLS (if listed in capabilities) and implicit TLS. */
  certificate?: TestCertificate;
  implicitTls?: boolean;
  messages?: Buffer[];
  /** How RETR puts a message on the wire; RFC 1939 CRLF encoding by default. */
  transmit?: (message: Buffer) => Buffer;
  password?: { user: string; pass: string };
  xoauth2?: { user: string; token: string; failureChallenge?: Record<string, string> };
  /** Runs before the built-in handling; return true when the command was handled. */
  script?: (line: string, context: ScriptContext) => boolean | undefined;
}

export interface FakePop3Server {
  port: number;
  /** Every command line received, as text (UTF-8). */
  commands: string[];
  /** Every command line received, as raw bytes without CRLF. */
  rawCommands: Buffer[];
  /** Message numbers marked with DELE and committed by QUIT. */
  deleted: number[];
  /** Whether each AUTH/USER happened on a TLS connection. */
  authOverTls: boolean[];
  close(): Promise<void>;
}

const DEFAULT_CAPABILITIES = ['USER', 'UIDL', 'TOP', 'SASL XOAUTH2', 'RESP-CODES'];

/** Starts a scripted POP3 server on 127.0.0.1, ephemeral port. */
export async function startFakePop3Server(
  options: FakePop3ServerOptions = {},
): Promise<FakePop3Server> {
  const state: FakePop3Server = {
    port: 0,
    commands: [],
    rawCommands: [],
    deleted: [],
    authOverTls: [],
    close: async () => undefined,
  };
  const sockets = new Set<net.Socket>();

  const onConnection = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const session = new Session(socket, options, state);
    session.start();
  };
  const server =
    options.implicitTls && options.certificate
      ? tls.createServer({ ...options.certificate }, onConnection)
      : net.createServer(onConnection);

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as net.AddressInfo).port;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) {
        socket.destroy();
      }
      server.close(() => resolve());
    });
  return state;
}

class Session {
  #socket: net.Socket;
  #secure: boolean;
  #buffer = Buffer.alloc(0);
  #saslStep: 'none' | 'token' | 'error-ack' = 'none';
  #marked = new Set<number>();

  constructor(
    socket: net.Socket,
    private readonly options: FakePop3ServerOptions,
    private readonly state: FakePop3Server,
  ) {
    this.#socket = socket;
    this.#secure = socket instanceof tls.TLSSocket;
  }

  start(): void {
    this.#socket.on('data', this.#onData);
    this.#write(`${this.options.greeting ?? '+OK fake POP3 ready'}\r\n`);
  }

  #onData = (chunk: Buffer): void => {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    let index = this.#buffer.indexOf('\r\n');
    while (index !== -1) {
      const raw = this.#buffer.subarray(0, index);
      this.#buffer = this.#buffer.subarray(index + 2);
      this.#handle(raw);
      if (this.#socket.destroyed) {
        return;
      }
      index = this.#buffer.indexOf('\r\n');
    }
  };

  #write(data: string | Buffer): void {
    if (!this.#socket.destroyed) {
      this.#socket.write(data);
    }
  }

  #handle(raw: Buffer): void {
    const line = raw.toString('utf8');
    this.state.commands.push(line);
    this.state.rawCommands.push(Buffer.from(raw));

    const context = { socket: this.#socket, write: (data: string | Buffer) => this.#write(data) };
    if (this.options.script?.(line, context)) {
      return;
    }
    if (this.#saslStep !== 'none') {
      this.#continueSasl(line);
      return;
    }

    const [verb = '', ...args] = line.split(' ');
    this.#dispatch(verb.toUpperCase(), args);
  }

  #dispatch(verb: string, args: string[]): void {
    const messages = this.options.messages ?? [];
    const capabilities = this.options.capabilities;
    switch (verb) {
      case 'CAPA': {
        if (capabilities === null) {
          this.#write('-ERR unknown command\r\n');
          return;
        }
        const lines = capabilities ?? DEFAULT_CAPABILITIES;
        this.#write(`+OK\r\n${lines.map((l) => `${l}\r\n`).join('')}.\r\n`);
        return;
      }
      case 'STLS':
        this.#startTls();
        return;
      case 'USER':
        this.state.authOverTls.push(this.#secure);
        this.#write('+OK\r\n');
        return;
      case 'PASS': {
        const expected = this.options.password;
        const ok = expected && args.join(' ') === expected.pass;
        this.#write(ok ? '+OK logged in\r\n' : '-ERR [AUTH] Authentication failed.\r\n');
        return;
      }
      case 'AUTH':
        this.state.authOverTls.push(this.#secure);
        this.#startSasl(args);
        return;
      case 'STAT': {
        const size = messages.reduce((sum, m) => sum + m.length, 0);
        this.#write(`+OK ${messages.length} ${size}\r\n`);
        return;
      }
      case 'LIST':
      case 'UIDL':
        this.#listing(verb, args[0]);
        return;
      case 'RETR':
      case 'TOP': {
        const message = messages[Number(args[0]) - 1];
        if (!message) {
          this.#write('-ERR no such message\r\n');
          return;
        }
        const transmit = this.options.transmit ?? encodeRfc1939;
        this.#write(
          Buffer.concat([Buffer.from(`+OK ${message.length} octets\r\n`), transmit(message)]),
        );
        return;
      }
      case 'DELE':
        this.#marked.add(Number(args[0]));
        this.#write(`+OK message ${args[0]} deleted\r\n`);
        return;
      case 'RSET':
        this.#marked.clear();
        this.#write('+OK\r\n');
        return;
      case 'NOOP':
        this.#write('+OK\r\n');
        return;
      case 'QUIT':
        this.state.deleted.push(...this.#marked);
        this.#write('+OK bye\r\n');
        this.#socket.end();
        return;
      default:
        this.#write('-ERR unknown command\r\n');
    }
  }

  #listing(verb: 'LIST' | 'UIDL', arg: string | undefined): void {
    const messages = this.options.messages ?? [];
    const field = (i: number) => (verb === 'LIST' ? String(messages[i]?.length) : `uid-${i + 1}`);
    if (arg) {
      const index = Number(arg) - 1;
      const ok = index >= 0 && index < messages.length;
      this.#write(ok ? `+OK ${arg} ${field(index)}\r\n` : '-ERR no such message\r\n');
      return;
    }
    const lines = messages.map((_, i) => `${i + 1} ${field(i)}\r\n`).join('');
    this.#write(`+OK\r\n${lines}.\r\n`);
  }

  #startTls(): void {
    const certificate = this.options.certificate;
    if (!certificate || this.#secure) {
      this.#write('-ERR STLS not available\r\n');
      return;
    }
    this.#socket.off('data', this.#onData);
    this.#write('+OK begin TLS\r\n');
    const secure = new tls.TLSSocket(this.#socket, { isServer: true, ...certificate });
    secure.on('error', () => undefined);
    this.#socket = secure;
    this.#secure = true;
    this.#buffer = Buffer.alloc(0);
    secure.on('data', this.#onData);
  }

  #startSasl(args: string[]): void {
    if (args[0]?.toUpperCase() !== 'XOAUTH2' || !this.options.xoauth2) {
      this.#write('-ERR unsupported mechanism\r\n');
      return;
    }
    if (args[1]) {
      this.#checkToken(args[1]);
      return;
    }
    this.#saslStep = 'token';
    this.#write('+ \r\n');
  }

  #continueSasl(line: string): void {
    if (line === '*') {
      this.#saslStep = 'none';
      this.#write('-ERR authentication cancelled\r\n');
      return;
    }
    if (this.#saslStep === 'error-ack') {
      this.#saslStep = 'none';
      this.#write('-ERR Authentication failure: unknown user name or bad password.\r\n');
      return;
    }
    this.#checkToken(line);
  }

  #checkToken(base64: string): void {
    const expected = this.options.xoauth2;
    const decoded = Buffer.from(base64, 'base64').toString('utf8');
    const wanted = `user=${expected?.user}\x01auth=Bearer ${expected?.token}\x01\x01`;
    if (decoded === wanted) {
      this.#saslStep = 'none';
      this.#write('+OK User successfully authenticated.\r\n');
      return;
    }
    const challenge = expected?.failureChallenge;
    if (!challenge) {
      this.#saslStep = 'none';
      this.#write('-ERR [AUTH] Authentication failed.\r\n');
      return;
    }
    this.#saslStep = 'error-ack';
    this.#write(`+ ${Buffer.from(JSON.stringify(challenge)).toString('base64')}\r\n`);
  }
}

import { createServer, type Socket } from 'node:net';

/** How one connection misbehaves; 'none' serves the maildrop properly. */
export type Pop3Fault =
  | 'none'
  | 'hang-after-connect'
  | 'hang-on-retr'
  | 'garbage-greeting'
  | 'drop-mid-retr'
  | 'huge-line';

export type ScriptedPop3Server = {
  port: number;
  /** Adds a message to the maildrop. */
  deliver(raw: string): void;
  /** Messages still on the server (deleted only after a QUIT, RFC 1939 §6). */
  count(): number;
  /** Faults for the next connections, one each; later connections behave. */
  queueFaults(...faults: Pop3Fault[]): void;
  close(): Promise<void>;
};

const HUGE_LINE_BYTES = 5 * 1024 * 1024;

/**
 * A plain POP3 server (USER/PASS, STAT, UIDL, LIST, RETR, DELE, QUIT) over a maildrop in
 * memory, whose connections can hang, send garbage, drop mid-RETR or send a 5 MB line.
 * Byte-level misbehaviour no real server can be made to show on demand.
 */
export async function startScriptedPop3Server(): Promise<ScriptedPop3Server> {
  const maildrop: Array<{ uid: string; raw: string }> = [];
  const faults: Pop3Fault[] = [];
  const sockets = new Set<Socket>();
  let nextUid = 1;

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    serve(socket, faults.shift() ?? 'none', maildrop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    deliver(raw) {
      maildrop.push({ uid: `uid-${nextUid++}`, raw });
    },
    count: () => maildrop.length,
    queueFaults: (...next) => faults.push(...next),
    async close() {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serve(socket: Socket, fault: Pop3Fault, maildrop: Array<{ uid: string; raw: string }>) {
  if (fault === 'hang-after-connect') {
    return;
  }
  if (fault === 'garbage-greeting') {
    socket.write('HTTP/1.1 400 Bad Request\r\n\x00\xff\r\n');
    return;
  }
  // The session sees the maildrop as it was at login; DELE marks, QUIT removes.
  const session = [...maildrop];
  const deleted = new Set<string>();
  const reply = (line: string) => socket.write(`${line}\r\n`);
  reply('+OK scripted POP3 ready');

  let pending = '';
  socket.on('data', (chunk: Buffer) => {
    pending += chunk.toString('latin1');
    for (let end = pending.indexOf('\r\n'); end >= 0; end = pending.indexOf('\r\n')) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 2);
      answer(line);
    }
  });

  function answer(line: string) {
    const [verb = '', arg = ''] = line.split(' ');
    const message = session[Number(arg) - 1];
    switch (verb.toUpperCase()) {
      case 'CAPA':
        return reply('-ERR no CAPA here');
      case 'USER':
      case 'PASS':
      case 'NOOP':
        return reply('+OK');
      case 'STAT':
        return reply(`+OK ${session.length} ${session.reduce((n, m) => n + m.raw.length, 0)}`);
      case 'UIDL':
        if (fault === 'huge-line') {
          return socket.write(`+OK ${'x'.repeat(HUGE_LINE_BYTES)}\r\n`);
        }
        return listing((m, i) => `${i + 1} ${m.uid}`);
      case 'LIST':
        return listing((m, i) => `${i + 1} ${m.raw.length}`);
      case 'RETR':
        return retr(message);
      case 'DELE':
        if (message) {
          deleted.add(message.uid);
        }
        return reply(message ? '+OK marked' : '-ERR no such message');
      case 'QUIT':
        for (const uid of deleted) {
          maildrop.splice(
            maildrop.findIndex((m) => m.uid === uid),
            1,
          );
        }
        reply('+OK bye');
        return socket.end();
      default:
        return reply('-ERR unknown command');
    }
  }

  function listing(format: (m: { uid: string; raw: string }, index: number) => string) {
    const lines = session.map(format);
    socket.write(`+OK\r\n${lines.map((l) => `${l}\r\n`).join('')}.\r\n`);
  }

  function retr(message: { raw: string } | undefined) {
    if (!message) {
      return reply('-ERR no such message');
    }
    if (fault === 'hang-on-retr') {
      return;
    }
    const body = message.raw.replace(/^\./gm, '..');
    if (fault === 'drop-mid-retr') {
      socket.write(`+OK ${message.raw.length} octets\r\n${body.slice(0, body.length / 2)}`);
      return socket.destroy();
    }
    // The message ends with CRLF, which is also the first half of the terminator.
    socket.write(`+OK ${message.raw.length} octets\r\n${body}.\r\n`);
  }
}

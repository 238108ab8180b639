import { createServer, type Socket } from 'node:net';

/** How one connection misbehaves; 'none' serves it properly. */
export type SmtpFault =
  | 'none'
  | 'hang-after-connect'
  | 'garbage-greeting'
  | 'drop-mid-data'
  | 'hang-after-data'
  | 'huge-line';

export type ScriptedSmtpServer = {
  port: number;
  /** Messages answered with 250, per X-Bench-Id; a count above 1 is a duplicate delivery. */
  deliveries: Map<string, number>;
  /** Faults for the next connections, one each; later connections behave. */
  queueFaults(...faults: SmtpFault[]): void;
  /** Ends every open connection, so that the next send has to connect again. */
  dropConnections(): void;
  close(): Promise<void>;
};

const HUGE_LINE_BYTES = 5 * 1024 * 1024;
const DATA_END = '\r\n.\r\n';

/**
 * A plain SMTP server (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS, no AUTH) whose
 * connections can hang, greet with garbage, drop in the middle of DATA, never answer the
 * end of DATA, or send a 5 MB line. Byte-level misbehaviour no real server shows on demand.
 * A message counts as delivered only once it is answered with 250: before that reply the
 * server has not taken it over (RFC 5321 §4.1.1.4).
 */
export async function startScriptedSmtpServer(): Promise<ScriptedSmtpServer> {
  const deliveries = new Map<string, number>();
  const faults: SmtpFault[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    serve(socket, faults.shift() ?? 'none', (id) => {
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    deliveries,
    queueFaults: (...next) => faults.push(...next),
    dropConnections() {
      for (const socket of sockets) {
        socket.destroy();
      }
    },
    async close() {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serve(socket: Socket, fault: SmtpFault, delivered: (benchId: string) => void) {
  if (fault === 'hang-after-connect') {
    return;
  }
  if (fault === 'garbage-greeting') {
    socket.write('HTTP/1.1 400 Bad Request\r\n\x00\xff\r\n');
    return;
  }
  if (fault === 'huge-line') {
    // A greeting line of 5 MB with no reply code and no end in sight for a line reader.
    socket.write(`${'x'.repeat(HUGE_LINE_BYTES)}\r\n`);
    return;
  }
  const reply = (line: string) => socket.write(`${line}\r\n`);
  reply('220 scripted ESMTP ready');

  let pending = '';
  let inData = false;
  let data = '';
  socket.on('data', (chunk: Buffer) => {
    if (inData) {
      return takeData(chunk.toString('latin1'));
    }
    pending += chunk.toString('latin1');
    for (let end = pending.indexOf('\r\n'); end >= 0 && !inData; end = pending.indexOf('\r\n')) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 2);
      answer(line);
    }
    if (inData && pending) {
      const rest = pending;
      pending = '';
      takeData(rest);
    }
  });

  function answer(line: string) {
    const verb = line.slice(0, 4).toUpperCase();
    switch (verb) {
      case 'EHLO':
        return socket.write('250-scripted\r\n250-PIPELINING\r\n250 8BITMIME\r\n');
      case 'HELO':
      case 'MAIL':
      case 'RCPT':
      case 'RSET':
      case 'NOOP':
        return reply('250 OK');
      case 'DATA':
        inData = true;
        data = '\r\n';
        return reply('354 End data with <CR><LF>.<CR><LF>');
      case 'QUIT':
        reply('221 bye');
        return socket.end();
      default:
        return reply('500 unknown command');
    }
  }

  function takeData(text: string) {
    data += text;
    if (fault === 'drop-mid-data' && data.length > 16) {
      socket.destroy();
      return;
    }
    const end = data.indexOf(DATA_END);
    if (end < 0) {
      return;
    }
    const message = data.slice(2, end + 2);
    const rest = data.slice(end + DATA_END.length);
    inData = false;
    data = '';
    if (fault === 'hang-after-data') {
      return;
    }
    delivered(/^X-Bench-Id: *(\S+)/im.exec(message)?.[1] ?? 'none');
    reply('250 2.0.0 queued');
    if (rest) {
      socket.emit('data', Buffer.from(rest, 'latin1'));
    }
  }
}

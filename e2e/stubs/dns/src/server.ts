import { createSocket, type RemoteInfo } from 'node:dgram';
import { once } from 'node:events';
import dnsPacket from 'dns-packet';
import { answerQuestion, type DnsZone, normalizeName } from './zone.ts';

export type StartDnsStubOptions = {
  zone?: DnsZone;
  /** Listen address; only loopback makes sense for tests. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
};

export type DnsQueryLogEntry = { name: string; type: string };

export type RunningDnsStub = {
  host: string;
  port: number;
  /** `host:port`, the form `Resolver#setServers` and `DNS_SERVERS` take. */
  server: string;
  /** Every question asked so far, in order. */
  queries: DnsQueryLogEntry[];
  /** Replaces the whole zone; later queries see only the new records. */
  setZone(zone: DnsZone): void;
  close(): Promise<void>;
};

const RCODES = { NOERROR: 0, NXDOMAIN: 3 } as const;

/**
 * Starts an authoritative DNS server over UDP that answers from an in-memory zone.
 * Names under `zone.silent` get no reply at all, so clients see a real timeout.
 */
export async function startDnsStub(options: StartDnsStubOptions = {}): Promise<RunningDnsStub> {
  let zone: DnsZone = options.zone ?? { records: [] };
  const queries: DnsQueryLogEntry[] = [];
  const socket = createSocket('udp4');

  socket.on('message', (message, remote) => {
    const reply = buildReply(zone, message, queries);
    if (reply) {
      send(socket, reply, remote);
    }
  });
  socket.bind(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(socket, 'listening');
  const address = socket.address();

  return {
    host: address.address,
    port: address.port,
    server: `${address.address}:${address.port}`,
    queries,
    setZone(next) {
      zone = next;
    },
    async close() {
      socket.close();
      await once(socket, 'close');
    },
  };
}

function buildReply(zone: DnsZone, message: Buffer, log: DnsQueryLogEntry[]): Buffer | undefined {
  let query: dnsPacket.DecodedPacket;
  try {
    query = dnsPacket.decode(message);
  } catch {
    // Garbage gets no answer, as from a server that drops malformed packets.
    return undefined;
  }
  const question = query.questions?.[0];
  if (query.type !== 'query' || !question) {
    return undefined;
  }
  log.push({ name: normalizeName(question.name), type: question.type });

  const result = answerQuestion(zone, question);
  if (result.kind === 'silent') {
    return undefined;
  }
  const recursionDesired = query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0;
  return dnsPacket.encode({
    type: 'response',
    id: query.id,
    // The rcode sits in the low four bits of the flags word (RFC 1035 §4.1.1).
    flags: dnsPacket.AUTHORITATIVE_ANSWER | recursionDesired | RCODES[result.rcode],
    questions: [question],
    answers: result.answers,
  });
}

function send(socket: ReturnType<typeof createSocket>, reply: Buffer, remote: RemoteInfo): void {
  socket.send(reply, remote.port, remote.address, () => {
    // A client that went away is no error for a test server.
  });
}

import { afterEach, describe, expect, it } from 'vitest';
import { Pop3Client, Pop3Error } from '../../src/pop3/index.ts';
import {
  type FakePop3Server,
  type FakePop3ServerOptions,
  startFakePop3Server,
} from '../helpers/fake-pop3-server.ts';
import { encodeRfc1939 } from '../helpers/pop3-wire.ts';

const MESSAGES = [1, 2, 3, 4].map((n) =>
  Buffer.from(`Subject: ${n}\r\n\r\n.Text ${n}\r\n${'Zeile\r\n'.repeat(n * 500)}`),
);
const WITH_PIPELINING = ['USER', 'UIDL', 'PIPELINING'];

let server: FakePop3Server | undefined;
let client: Pop3Client | undefined;

afterEach(async () => {
  client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function openClient(options: FakePop3ServerOptions): Promise<Pop3Client> {
  server = await startFakePop3Server({
    messages: MESSAGES,
    password: { user: 'info@bau-firma.de', pass: 'secret' },
    ...options,
  });
  client = new Pop3Client({
    host: '127.0.0.1',
    port: server.port,
    security: 'NONE',
    timeouts: { commandMs: 2_000 },
  });
  await client.connect();
  await client.authenticate({ type: 'password', user: 'info@bau-firma.de', pass: 'secret' });
  return client;
}

/** Holds every DELE reply back until `count` DELEs have arrived, then answers them in order. */
function answerDelesOnlyAfter(count: number): FakePop3ServerOptions['script'] {
  const waiting: string[] = [];
  return (line, { write }) => {
    if (!line.startsWith('DELE ')) {
      return false;
    }
    waiting.push(line.slice(5));
    if (waiting.length === count) {
      write(waiting.map((n) => (n === '3' ? '-ERR [IN-USE] locked\r\n' : '+OK\r\n')).join(''));
    }
    return true;
  };
}

/** Answers each DELE after a short delay and notes any DELE that arrives before that reply. */
function answerDelesSlowly(overlaps: string[]): FakePop3ServerOptions['script'] {
  let unanswered = 0;
  return (line, { write }) => {
    if (!line.startsWith('DELE ')) {
      return false;
    }
    if (unanswered > 0) {
      overlaps.push(line);
    }
    unanswered += 1;
    setTimeout(() => {
      unanswered -= 1;
      write('+OK\r\n');
    }, 20);
    return true;
  };
}

/** Holds RETR replies back until `count` RETRs have arrived; message 3 is refused. */
function answerRetrsOnlyAfter(count: number): FakePop3ServerOptions['script'] {
  const waiting: number[] = [];
  return (line, { write }) => {
    if (!line.startsWith('RETR ')) {
      return false;
    }
    waiting.push(Number(line.slice(5)));
    if (waiting.length === count) {
      for (const n of waiting) {
        const message = MESSAGES[n - 1] as Buffer;
        const reply = Buffer.from(`+OK ${message.length} octets\r\n`);
        write(
          n === 3 ? '-ERR [IN-USE] locked\r\n' : Buffer.concat([reply, encodeRfc1939(message)]),
        );
      }
    }
    return true;
  };
}

// Pipelined RETRs and DELEs save a round trip each only if they really go out together, and
// must never let a refusal or a drop put a reply next to the wrong command.
describe('Pop3Client with PIPELINING: RETR', () => {
  it('sends RETRs issued together before reading a reply, and returns each message exactly', async () => {
    const pop3 = await openClient({
      capabilities: WITH_PIPELINING,
      script: answerRetrsOnlyAfter(3),
    });

    const messages = await Promise.all([pop3.retr(1), pop3.retr(2), pop3.retr(4)]);

    expect(messages.map((m, i) => m.equals(MESSAGES[[0, 1, 3][i] as number] as Buffer))).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('keeps later replies with their commands after a refused RETR', async () => {
    const pop3 = await openClient({
      capabilities: WITH_PIPELINING,
      script: answerRetrsOnlyAfter(3),
    });

    const [second, third, fourth] = await Promise.allSettled([
      pop3.retr(2),
      pop3.retr(3),
      pop3.retr(4),
    ]);

    expect(second).toEqual({ status: 'fulfilled', value: MESSAGES[1] });
    expect(third).toMatchObject({ status: 'rejected', reason: { command: 'RETR 3' } });
    expect(fourth).toEqual({ status: 'fulfilled', value: MESSAGES[3] });
  });

  it('answers RETR and DELE mixed in call order', async () => {
    const pop3 = await openClient({ capabilities: WITH_PIPELINING });

    const calls = [pop3.retr(1), pop3.dele(1), pop3.retr(2), pop3.deleMany([2, 4])];
    const [first, , second] = await Promise.all(calls);
    await pop3.quit();

    expect(first).toEqual(MESSAGES[0]);
    expect(second).toEqual(MESSAGES[1]);
    expect(server?.deleted).toEqual([1, 2, 4]);
  });

  it('rejects every outstanding RETR when the server drops in the middle of the first', async () => {
    const pop3 = await openClient({
      capabilities: WITH_PIPELINING,
      script: (line, { write, socket }) => {
        if (line === 'RETR 1') {
          write('+OK 5000 octets\r\nSubject: cut\r\n\r\npart');
          setTimeout(() => socket.destroy(), 20);
          return true;
        }
        return line.startsWith('RETR ');
      },
    });

    const results = await Promise.allSettled([pop3.retr(1), pop3.retr(2), pop3.dele(1)]);

    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(results[0]).toMatchObject({ reason: { code: 'POP3_CONNECTION_CLOSED', stage: 'data' } });
    expect(server?.commands).toContain('RETR 2');
  });
});

describe('Pop3Client with PIPELINING: DELE', () => {
  it('sends every DELE before reading a reply when the server offers PIPELINING', async () => {
    const pop3 = await openClient({
      capabilities: WITH_PIPELINING,
      script: answerDelesOnlyAfter(2),
    });

    await pop3.deleMany([1, 2]);

    expect(server?.commands.filter((c) => c.startsWith('DELE'))).toEqual(['DELE 1', 'DELE 2']);
  });

  it('sends DELEs one at a time without PIPELINING', async () => {
    const overlaps: string[] = [];
    const pop3 = await openClient({
      capabilities: ['USER', 'UIDL'],
      script: answerDelesSlowly(overlaps),
    });

    await pop3.deleMany([1, 2, 4]);

    expect(server?.commands.filter((c) => c.startsWith('DELE'))).toHaveLength(3);
    expect(overlaps).toEqual([]);
  });

  it('pipelines DELEs that QUIT then removes', async () => {
    const pop3 = await openClient({ capabilities: WITH_PIPELINING });

    await pop3.deleMany([1, 2, 4]);
    await pop3.quit();

    expect(server?.deleted).toEqual([1, 2, 4]);
  });

  it('reads every reply after a refused DELE, throws it, and stays usable', async () => {
    const pop3 = await openClient({
      capabilities: WITH_PIPELINING,
      script: answerDelesOnlyAfter(4),
    });

    const error = await pop3.deleMany([1, 2, 3, 4]).catch((e: unknown) => e);
    await pop3.noop();

    expect(error).toBeInstanceOf(Pop3Error);
    expect(error).toMatchObject({ code: 'POP3_COMMAND_FAILED', command: 'DELE 3' });
    expect(server?.commands.at(-1)).toBe('NOOP');
  });

  it('refuses an invalid message number before sending anything', async () => {
    const pop3 = await openClient({ capabilities: WITH_PIPELINING });

    await expect(pop3.deleMany([1, 0])).rejects.toMatchObject({ code: 'POP3_USAGE_ERROR' });
    expect(server?.commands.some((c) => c.startsWith('DELE'))).toBe(false);
  });
});

import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAUTH_ACCOUNTS } from './helpers/test-accounts.ts';
import {
  createMailboxOnStack,
  createWorkerFixture,
  mailControl,
  type WorkerFixture,
} from './helpers/worker-fixture.ts';

const CORPUS = fileURLToPath(new URL('../../../e2e/fixtures/corpus', import.meta.url));

/**
 * What a POP3 server must put on the wire for stored bytes (RFC 1939 §3): every line ends in
 * CRLF, so a bare LF becomes CRLF and a missing final line break is added. For messages stored
 * with CRLF and a final line break, which is what Exchange stores, this is the identity.
 */
function onTheWire(raw: Buffer): Buffer {
  const text = raw.toString('latin1').replace(/\r?\n/g, '\r\n');
  return Buffer.from(text.endsWith('\r\n') ? text : `${text}\r\n`, 'latin1');
}

// Every corpus message, broken ones included, through real Dovecot, our POP3 client and
// PostgreSQL: what is stored is exactly what the server sent.
describe('corpus round trip through Dovecot', () => {
  let f: WorkerFixture;
  let target: { tenantId: string; mailboxId: string };
  const originals = new Map<string, Buffer>();

  beforeAll(async () => {
    f = await createWorkerFixture();
    await f.startWorker();
    target = await createMailboxOnStack(f, {
      auth: { type: 'oauth2', email: OAUTH_ACCOUNTS.corpus },
      logSessions: false,
    });
    for (const name of (await readdir(CORPUS)).filter((n) => n.endsWith('.eml')).sort()) {
      const raw = await readFile(`${CORPUS}/${name}`);
      originals.set(name, raw);
      await mailControl.deliver(OAUTH_ACCOUNTS.corpus, raw);
    }
    await mailControl.deliver(
      OAUTH_ACCOUNTS.corpus,
      Buffer.from('Subject: Punkte\r\n\r\n.beginnt mit Punkt\r\n..zwei\r\n.\r\nohne Zeilenende'),
    );
    await f
      .queue('pollPop3')
      .add('poll', { tenantId: target.tenantId, mailboxId: target.mailboxId });
    await waitForStored(originals.size + 1);
  });
  afterAll(() => f.close());

  async function waitForStored(count: number) {
    for (let i = 0; i < 300; i++) {
      const stored = await f.prisma.receivedMessage.count({
        where: { mailboxId: target.mailboxId },
      });
      if (stored >= count) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('corpus did not arrive');
  }

  it('stores all 32 corpus messages exactly as the server sent them', async () => {
    const stored = await f.prisma.receivedMessage.findMany({
      where: { mailboxId: target.mailboxId },
    });
    const storedBytes = stored.map((row) => Buffer.from(row.raw));

    expect(originals.size).toBe(32);
    for (const [name, raw] of originals) {
      const match = storedBytes.some((bytes) => bytes.equals(onTheWire(raw)));
      expect(match, name).toBe(true);
    }
  });

  it('keeps CRLF messages byte-identical to the file', async () => {
    const stored = await f.prisma.receivedMessage.findMany({
      where: { mailboxId: target.mailboxId },
    });
    const storedBytes = stored.map((row) => Buffer.from(row.raw));
    const crlfFiles = [...originals].filter(([, raw]) => onTheWire(raw).equals(raw));

    expect(crlfFiles.length).toBeGreaterThan(15);
    for (const [name, raw] of crlfFiles) {
      expect(
        storedBytes.some((bytes) => bytes.equals(raw)),
        name,
      ).toBe(true);
    }
  });

  it('keeps lines that begin with a dot and the text of a message without a final break', async () => {
    const row = await f.prisma.receivedMessage.findFirstOrThrow({
      where: { mailboxId: target.mailboxId, subject: 'Punkte' },
    });

    expect(Buffer.from(row.raw).toString()).toBe(
      'Subject: Punkte\r\n\r\n.beginnt mit Punkt\r\n..zwei\r\n.\r\nohne Zeilenende\r\n',
    );
  });

  it('reads German subjects and senders for the inbox list', async () => {
    const subjects = (
      await f.prisma.receivedMessage.findMany({
        where: { mailboxId: target.mailboxId },
        select: { subject: true },
      })
    ).map((row) => row.subject);

    expect(subjects).toContain('Die Hasen und die Frösche');
  });

  it('empties the server mailbox once everything is stored', async () => {
    expect(await mailControl.list(OAUTH_ACCOUNTS.corpus)).toHaveLength(0);
  });
});

import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const corpusDir = fileURLToPath(new URL('../../../e2e/fixtures/corpus', import.meta.url));

/** The 32 real messages of e2e/fixtures/corpus (116 B to 214 KB), in name order. */
export async function loadCorpus(): Promise<Buffer[]> {
  const names = (await readdir(corpusDir)).filter((name) => name.endsWith('.eml')).sort();
  return Promise.all(names.map((name) => readFile(`${corpusDir}/${name}`)));
}

/** `count` messages cycling through the corpus, so the sizes mix as in a real mailbox. */
export function cycleCorpus(corpus: Buffer[], count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => corpus[i % corpus.length] as Buffer);
}

/**
 * A message of about `totalBytes`: a short text part with dot-led lines (so RETR has to undo
 * dot-stuffing) and a base64 attachment of random bytes in 76-character lines, as a scanned
 * PDF sent from Outlook would look.
 */
export function buildLargeMessage(totalBytes: number): Buffer {
  const head = [
    'From: Scanner <scanner@bench.example>',
    'To: eingang@bench.example',
    'Subject: Grosser Anhang',
    `Message-ID: <large-${randomBytes(6).toString('hex')}@bench.example>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Anbei der Scan.',
    '.',
    '..zwei Punkte',
    '--b1',
    'Content-Type: application/pdf; name="scan.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    '',
  ].join('\r\n');
  const tail = '\r\n--b1--\r\n';
  // 76 base64 characters carry 57 bytes; each line adds CRLF.
  const lineCount = Math.floor((totalBytes - head.length - tail.length) / 78);
  const lines = randomBytes(lineCount * 57)
    .toString('base64')
    .match(/.{76}/g) as string[];
  return Buffer.concat([Buffer.from(head), Buffer.from(lines.join('\r\n')), Buffer.from(tail)]);
}

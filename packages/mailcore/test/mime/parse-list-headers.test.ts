import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInboxHeaders, parseListHeaders } from '../../src/mime/index.ts';
import { corpusDir } from '../helpers/repo-root.ts';

const dir = corpusDir();
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.eml'))
  .sort();

/** What the worker parses: the header block up to the first empty line. */
function headerBlockOf(raw: Buffer): Buffer {
  const ends = [raw.indexOf('\r\n\r\n'), raw.indexOf('\n\n')]
    .map((at, i) => (at >= 0 ? at + (i === 0 ? 4 : 2) : -1))
    .filter((at) => at >= 0);
  return ends.length > 0 ? raw.subarray(0, Math.min(...ends)) : raw;
}

/** The inbox list's fields as the full mailparser run reads them. */
async function listFieldsOfFullParse(raw: Buffer) {
  const { messageId, subject, fromAddress, fromName, date } = await parseInboxHeaders(raw);
  return { messageId, subject, fromAddress, fromName, date };
}

// The inbox list must not change when the worker reads these fields without mailparser's full
// run: every field equal, on the corpus and on the German and broken cases below.
describe('parseListHeaders reads what parseInboxHeaders reads', () => {
  it.each(files)('%s: header block and whole message', async (name) => {
    const raw = readFileSync(path.join(dir, name));
    const block = headerBlockOf(raw);

    const fast = await parseListHeaders(block);

    expect(fast).toEqual(await listFieldsOfFullParse(block));
    expect(fast).toEqual(await listFieldsOfFullParse(raw));
  });

  const crafted: Array<[string, string]> = [
    ['a Q-encoded German subject', 'Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus_M=FCnchen?='],
    ['a B-encoded UTF-8 subject', 'Subject: =?utf-8?B?w5xiZXJ3ZWlzdW5nIGbDvHIgTcOkcno=?='],
    [
      'an umlaut split across two folded encoded words',
      'Subject: =?UTF-8?Q?Rechnung_f=C3?=\r\n =?UTF-8?Q?=BCr_M=C3=A4rz?=',
    ],
    ['raw UTF-8 in subject and name', 'Subject: Bestätigung\r\nFrom: Jürgen Müller <jm@firma.de>'],
    ['raw Latin-1 in subject and name', 'Subject: Gr\xfc\xdfe\r\nFrom: J\xfcrgen <jm@firma.de>'],
    [
      'an encoded display name with a comma',
      'From: =?iso-8859-1?Q?M=FCller=2C_J=FCrgen?= <mueller@bau-firma.de>',
    ],
    ['a quoted display name', 'From: "Becker, Anna" <becker@bau-firma.de>'],
    ['a bare address', 'From: info@bau-firma.de'],
    ['a group', 'From: Verteiler: a@b.de, c@d.de;'],
    ['an empty From and a second one', 'From:\r\nFrom: Zweiter <zwei@b.de>'],
    ['an empty first Subject', 'Subject:\r\nSubject: Zweiter Betreff'],
    ['a Message-ID without brackets', 'Message-ID: abc@host.example'],
    ['an empty Message-ID', 'Message-ID: \r\nSubject: x'],
    ['a tab-folded subject', 'Subject: eins\r\n\tzwei\r\n   drei'],
    ['a comment in From', 'From: jm@firma.de (J\xfcrgen M\xfcller)'],
    ['an encoded word as address', 'From: =?utf-8?Q?a=40b.de?= <=?utf-8?Q?x=40y.de?=>'],
    ['a punycode domain', 'From: Ma <ma@xn--mller-kva.de>'],
    ['a space before a dot of the domain', 'From: a <user@victim.example .allowed.example>'],
    ['a space after a dot of the domain', 'From: Name <u@x. y.de>'],
    ['a bare address with a spaced dot', 'From: u@x .de, b@c.de'],
    ['a title with a dot in the name', 'From: Dr. Hans M\xfcller <hm@b.de>'],
    ['an unknown charset', 'Subject: =?x-nope?Q?a=FFb?='],
    ['a mbox From line first', 'From jm@firma.de Mon Jan  1 00:00:00 2024\r\nSubject: mbox'],
    ['no header at all', 'just text'],
    ['binary garbage', '\x00\xff\xfe\n:\r'],
    ['an unparsable Date', 'Date: gestern\r\nSubject: x'],
    ['a Date', 'Date: Tue, 3 Dec 2024 10:15:00 +0100'],
  ];

  it.each(crafted)('%s', async (_label, head) => {
    const block = Buffer.from(`${head}\r\n\r\n`, 'latin1');

    expect(await parseListHeaders(block)).toEqual(await listFieldsOfFullParse(block));
  });

  it('reads German subjects and senders for the inbox list', async () => {
    const block = Buffer.from(
      'From: =?utf-8?Q?J=C3=BCrgen_M=C3=BCller?= <mueller@bau-firma.de>\r\n' +
        'Subject: =?utf-8?Q?Aufma=C3=9F_f=C3=BCr_die_K=C3=BCche?=\r\n\r\n',
    );

    expect(await parseListHeaders(block)).toMatchObject({
      subject: 'Aufmaß für die Küche',
      fromName: 'Jürgen Müller',
      fromAddress: 'mueller@bau-firma.de',
    });
  });
});

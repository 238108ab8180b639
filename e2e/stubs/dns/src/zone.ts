import type { Answer, Question } from 'dns-packet';

/** One resource record the stub serves. Names are matched case-insensitively. */
export type DnsRecord =
  | { name: string; type: 'A' | 'AAAA'; address: string }
  | { name: string; type: 'TXT'; text: string }
  | { name: string; type: 'MX'; exchange: string; priority: number }
  | { name: string; type: 'CNAME'; target: string };

/** Everything the stub knows. Names without records (and without children) are NXDOMAIN. */
export type DnsZone = {
  records: DnsRecord[];
  /** Names, and every name below them, the stub never answers: clients run into a timeout. */
  silent?: string[];
};

export type ZoneReply =
  | { kind: 'silent' }
  | { kind: 'answer'; rcode: 'NOERROR' | 'NXDOMAIN'; answers: Answer[] };

const TTL = 60;
const MAX_CNAME_CHAIN = 8;
// RFC 1035 §3.3.14: a TXT record is a list of character-strings of at most 255 octets each.
const MAX_CHARACTER_STRING = 255;

/** Answers one question from the zone, as an authoritative server for every name in it. */
export function answerQuestion(zone: DnsZone, question: Question): ZoneReply {
  const name = normalizeName(question.name);
  if (isSilent(zone, name)) {
    return { kind: 'silent' };
  }
  if (!nameExists(zone, name)) {
    return { kind: 'answer', rcode: 'NXDOMAIN', answers: [] };
  }
  return { kind: 'answer', rcode: 'NOERROR', answers: collectAnswers(zone, name, question.type) };
}

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function collectAnswers(zone: DnsZone, start: string, type: string): Answer[] {
  const answers: Answer[] = [];
  let name = start;
  // A name with a CNAME has no other data (RFC 1034 §3.6.2): follow the chain inside the zone.
  for (let hop = 0; hop < MAX_CNAME_CHAIN; hop++) {
    const records = zone.records.filter((record) => normalizeName(record.name) === name);
    const matching = records.filter((record) => record.type === type);
    if (matching.length || type === 'CNAME') {
      answers.push(...matching.map((record) => toAnswer(name, record)));
      return answers;
    }
    const alias = records.find((record) => record.type === 'CNAME');
    if (alias?.type !== 'CNAME') {
      return answers;
    }
    answers.push(toAnswer(name, alias));
    name = normalizeName(alias.target);
  }
  return answers;
}

function toAnswer(name: string, record: DnsRecord): Answer {
  switch (record.type) {
    case 'A':
    case 'AAAA':
      return { name, type: record.type, ttl: TTL, data: record.address };
    case 'CNAME':
      return { name, type: 'CNAME', ttl: TTL, data: normalizeName(record.target) };
    case 'MX':
      return {
        name,
        type: 'MX',
        ttl: TTL,
        data: { preference: record.priority, exchange: normalizeName(record.exchange) },
      };
    case 'TXT':
      return { name, type: 'TXT', ttl: TTL, data: splitCharacterStrings(record.text) };
  }
}

function splitCharacterStrings(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += MAX_CHARACTER_STRING) {
    parts.push(bytes.subarray(offset, offset + MAX_CHARACTER_STRING));
  }
  return parts.length ? parts : [Buffer.alloc(0)];
}

function isSilent(zone: DnsZone, name: string): boolean {
  return (zone.silent ?? []).some((entry) => isAtOrBelow(name, normalizeName(entry)));
}

// A name exists when it owns records or is an empty non-terminal above one (RFC 8020).
function nameExists(zone: DnsZone, name: string): boolean {
  return zone.records.some((record) => isAtOrBelow(normalizeName(record.name), name));
}

function isAtOrBelow(name: string, ancestor: string): boolean {
  return name === ancestor || name.endsWith(`.${ancestor}`);
}

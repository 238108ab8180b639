import type { DnsFailure, DnsOutcome } from './dns-lookup.ts';
import { microsoftMxRecord } from './dns-records.ts';
import { type Finding, type Verdict, verdictOf } from './findings.ts';
import type { DomainFacts } from './gather-facts.ts';
import { judgeDkim, judgeDmarc } from './judge-dmarc.ts';
import { judgeSpf } from './judge-spf.ts';

export type Judgement = { verdict: Verdict; findings: Finding[] };

/**
 * The verdict for one domain and route. A DNS query that failed makes the whole verdict
 * ERROR with only the failures listed: half the facts would give a guessed verdict.
 */
export function judgeFacts(facts: DomainFacts, relayDomain: string): Judgement {
  const failures = dnsFailuresOf(facts);
  if (failures.length) {
    return { verdict: 'ERROR', findings: failures.map(toFailureFinding) };
  }
  if (!facts.mx.ok && facts.mx.reason === 'NXDOMAIN') {
    const findings: Finding[] = [
      {
        area: 'DOMAIN',
        code: 'DOMAIN_NOT_FOUND',
        impact: 'REJECTED_BY_STRICT_RECEIVERS',
        message:
          `Die Domain ${facts.domain} gibt es im DNS nicht. Empfänger lehnen E-Mails von ` +
          'Absendern ab, deren Domain nicht existiert. Prüfen Sie die Schreibweise der Domain ' +
          'oder ob sie noch registriert ist.',
      },
    ];
    return { verdict: verdictOf(findings), findings };
  }

  const findings = [
    ...judgeMx(facts),
    ...judgeSpf(facts, relayDomain),
    ...judgeDkim(facts, relayDomain),
    ...judgeDmarc(facts, relayDomain),
  ];
  return { verdict: verdictOf(findings), findings };
}

function judgeMx(facts: DomainFacts): Finding[] {
  const { domain, mx } = facts;
  // Known limit: RFC 5321 §5.1 lets mail fall back to the domain's A record without an MX; we
  // still report the MX as missing, since many receivers rate such senders lower.
  if (!mx.ok) {
    return [
      {
        area: 'MX',
        code: 'MX_MISSING',
        impact: 'LIKELY_SPAM',
        message:
          `${domain} hat keinen MX-Eintrag. Antworten und Unzustellbarkeitsmeldungen an Ihre ` +
          'Domain kommen nicht an, und viele Empfänger halten Absender ohne Posteingang für ' +
          'verdächtig. Den genauen Eintrag nennt Ihr E-Mail-Anbieter.',
        record: facts.route.route === 'MICROSOFT_365' ? microsoftMxRecord(domain) : undefined,
      },
    ];
  }
  // RFC 7505: a single MX with an empty exchange (".") says the domain accepts no mail.
  if (mx.value.length === 1 && ['', '.'].includes(mx.value[0]?.exchange ?? '')) {
    return [
      {
        area: 'MX',
        code: 'MX_NULL',
        impact: 'LIKELY_SPAM',
        message:
          `${domain} erklärt per „Null-MX“, keine E-Mails zu empfangen. Antworten kommen nicht ` +
          'an, und strenge Empfänger nehmen E-Mails solcher Absender nicht an.',
        current: `${domain}. MX 0 .`,
      },
    ];
  }
  const exchanges = [...mx.value].sort((a, b) => a.priority - b.priority);
  return [
    {
      area: 'MX',
      code: 'MX_OK',
      impact: 'OK',
      message: `E-Mails an ${domain} gehen an ${exchanges.map((m) => m.exchange).join(', ')}.`,
    },
  ];
}

function dnsFailuresOf(facts: DomainFacts): DnsFailure[] {
  const outcomes: Array<DnsOutcome<unknown>> = [facts.mx, facts.spfTxt];
  const failures: DnsFailure[] = [...facts.probe.failures, ...facts.dmarc.failures];
  if (facts.routeSpf.kind === 'addresses') {
    outcomes.push(facts.routeSpf.addresses);
    failures.push(...facts.routeSpf.results.flatMap((r) => r.evaluation.failures));
  }
  if (facts.dkim.kind === 'MICROSOFT') {
    outcomes.push(...facts.dkim.selectors.map((s) => s.outcome));
  }
  for (const outcome of outcomes) {
    if (!outcome.ok && (outcome.reason === 'TIMEOUT' || outcome.reason === 'FAILURE')) {
      failures.push({ name: outcome.name, type: outcome.type, code: outcome.code });
    }
  }
  // mailauth reports a temperror even where it gave up before asking us (rare).
  if (!failures.length && facts.probe.result === 'temperror') {
    failures.push({ name: facts.domain, type: 'TXT', code: 'ESERVFAIL' });
  }

  const unique = new Map(failures.map((f) => [`${f.type} ${f.name.toLowerCase()}`, f]));
  return [...unique.values()];
}

function toFailureFinding(failure: DnsFailure): Finding {
  const query = `${failure.name} (${failure.type})`;
  if (failure.code === 'ETIMEOUT') {
    return {
      area: 'DNS',
      code: 'DNS_TIMEOUT',
      impact: 'ERROR',
      message:
        `Der DNS-Server hat auf die Abfrage ${query} nicht rechtzeitig geantwortet. Ohne ` +
        'Antwort lässt sich nichts beurteilen; bitte prüfen Sie später noch einmal.',
    };
  }
  return {
    area: 'DNS',
    code: 'DNS_FAILURE',
    impact: 'ERROR',
    message:
      `Die DNS-Abfrage ${query} ist fehlgeschlagen (${failure.code}). Ohne Antwort lässt ` +
      'sich nichts beurteilen; bitte prüfen Sie später noch einmal.',
  };
}

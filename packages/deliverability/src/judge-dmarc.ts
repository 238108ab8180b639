import {
  isMicrosoftDkimTarget,
  microsoftDkimRecords,
  recommendDmarc,
  relaxDmarc,
  txtRecord,
} from './dns-records.ts';
import type { Finding } from './findings.ts';
import type { DomainFacts } from './gather-facts.ts';
import { senderLabel } from './judge-spf.ts';

const POLICIES = new Set(['none', 'quarantine', 'reject']);

/** DKIM for the route's signer. */
export function judgeDkim(facts: DomainFacts, relayDomain: string): Finding[] {
  const { domain, dkim, route } = facts;
  if (dkim.kind === 'RELAY') {
    return [
      {
        area: 'DKIM',
        code: 'DKIM_NOT_POSSIBLE',
        impact: 'INFO',
        message:
          `Über den Relay tragen Ihre E-Mails keine DKIM-Signatur von ${domain}, höchstens ` +
          `eine von ${relayDomain}. Das lässt sich technisch nicht ändern; was daraus folgt, ` +
          'zeigt die DMARC-Bewertung.',
      },
    ];
  }
  if (dkim.kind === 'UNKNOWN_SELECTOR') {
    return [
      {
        area: 'DKIM',
        code: 'DKIM_NOT_CHECKED',
        impact: 'INFO',
        message:
          `Mit welchem DKIM-Selektor ${route.serverHost} signiert, ist uns nicht bekannt; DKIM ` +
          `wurde deshalb nicht geprüft. Fragen Sie Ihren Anbieter, ob er Ihre E-Mails mit ` +
          `${domain} signiert.`,
      },
    ];
  }
  if (dkim.aligned) {
    return [
      {
        area: 'DKIM',
        code: 'DKIM_OK',
        impact: 'OK',
        // Known limit: DNS shows the CNAMEs, not whether signing is switched on at Microsoft.
        message:
          'Die DKIM-Einträge für Microsoft 365 (selector1, selector2) sind vorhanden. Achten ' +
          `Sie darauf, dass DKIM für ${domain} im Microsoft-Defender-Portal eingeschaltet ist.`,
      },
    ];
  }

  const missing = dkim.selectors.filter(
    ({ outcome }) => !outcome.ok || !outcome.value.some((t) => isMicrosoftDkimTarget(t)),
  );
  const found = dkim.selectors.flatMap(({ name, outcome }) =>
    outcome.ok ? outcome.value.map((target) => `${name}. CNAME ${target}.`) : [],
  );
  return [
    {
      area: 'DKIM',
      code: 'DKIM_MISSING',
      impact: 'LIKELY_SPAM',
      message:
        `Für Microsoft 365 fehlen die DKIM-Einträge ${missing.map((s) => s.name).join(' und ')}. ` +
        `Ohne sie signiert Microsoft Ihre E-Mails nicht mit ${domain}, und große Anbieter ` +
        'sortieren sie eher als Spam aus. Ersetzen Sie <mandant> durch den Namen Ihres ' +
        'Microsoft-365-Mandanten (der genaue Eintrag steht im Defender-Portal unter ' +
        'E-Mail-Authentifizierung → DKIM) und schalten Sie DKIM danach dort ein.',
      current: found.length ? found.join('\n') : undefined,
      record: microsoftDkimRecords(domain),
    },
  ];
}

/** DMARC as a receiver applies it to mail from this domain over this route (RFC 7489). */
export function judgeDmarc(facts: DomainFacts, relayDomain: string): Finding[] {
  const { domain, dmarc } = facts;
  const dmarcName = `_dmarc.${domain}`;
  if (dmarc.result === 'none') {
    return [
      {
        area: 'DMARC',
        code: 'DMARC_MISSING',
        impact: 'LIKELY_SPAM',
        message:
          `${domain} hat keinen DMARC-Eintrag. Immer mehr Anbieter (etwa Gmail, Yahoo und ` +
          'Microsoft) erwarten ihn; ohne ihn landen E-Mails eher im Spam-Ordner.',
        record: txtRecord(dmarcName, recommendDmarc(dmarc.canAlign)),
      },
    ];
  }
  if (!dmarc.policy || !POLICIES.has(dmarc.policy.toLowerCase())) {
    return [
      {
        area: 'DMARC',
        code: 'DMARC_INVALID',
        impact: 'LIKELY_SPAM',
        message:
          `Der DMARC-Eintrag von ${domain} nennt keine gültige Richtlinie (p=none, ` +
          'p=quarantine oder p=reject) und wird von Empfängern nicht beachtet.',
        current: dmarc.record,
        record: txtRecord(dmarcName, recommendDmarc(dmarc.canAlign)),
      },
    ];
  }

  // Known limit: pct= is not weighed; p=reject with pct=10 counts as rejecting.
  const policy = dmarc.policy.toLowerCase();
  if (dmarc.result === 'pass') {
    return [
      {
        area: 'DMARC',
        code: 'DMARC_OK',
        impact: 'OK',
        message: `DMARC ist eingerichtet (p=${policy}), und SPF oder DKIM bestätigen ${domain}.`,
        current: dmarc.record,
      },
    ];
  }
  return [judgeDmarcFailure(facts, relayDomain, policy)];
}

function judgeDmarcFailure(facts: DomainFacts, relayDomain: string, policy: string): Finding {
  const { domain, dmarc, route } = facts;
  const isRelay = route.route === 'RELAY';
  const reason = isRelay
    ? `Über den Relay steht ${domain} zwar im Absender, aber der Umschlag-Absender (für SPF) ` +
      `und die DKIM-Signatur gehören zu ${relayDomain}. DMARC verlangt, dass eines davon zu ` +
      `${domain} passt (RFC 7489 §3.1); über den Relay ist das nie der Fall.`
    : `Weder SPF noch DKIM bestätigen ${domain} für ${senderLabel(route, relayDomain, 'accusative')} ` +
      '(siehe SPF und DKIM).';
  const relayRemedy =
    ' Abhilfe: Stellen Sie auf einen externen Postausgangsserver um, der für Ihre Domain ' +
    'senden darf. Nur wenn das nicht geht, die DMARC-Richtlinie auf p=none stellen; das ' +
    'schwächt aber den Schutz vor gefälschten Absendern.';
  const relaxed =
    isRelay && dmarc.record ? txtRecord(`_dmarc.${domain}`, relaxDmarc(dmarc.record)) : undefined;

  if (policy === 'reject') {
    return {
      area: 'DMARC',
      code: 'DMARC_REJECTS',
      impact: 'REJECTED_BY_STRICT_RECEIVERS',
      message:
        `${reason} Ihr DMARC-Eintrag verlangt, solche E-Mails abzulehnen (p=reject), und ` +
        `Empfänger mit strenger Prüfung tun das.${isRelay ? relayRemedy : ''}`,
      current: dmarc.record,
      record: relaxed,
    };
  }
  if (policy === 'quarantine') {
    return {
      area: 'DMARC',
      code: 'DMARC_QUARANTINES',
      impact: 'LIKELY_SPAM',
      message:
        `${reason} Ihr DMARC-Eintrag verlangt, solche E-Mails in den Spam-Ordner zu legen ` +
        `(p=quarantine).${isRelay ? relayRemedy : ''}`,
      current: dmarc.record,
      record: relaxed,
    };
  }
  return {
    area: 'DMARC',
    code: 'DMARC_MONITOR_ONLY',
    impact: 'INFO',
    message:
      `${reason} Ihr DMARC-Eintrag (p=none) verlangt dafür keine Maßnahme; die E-Mails ` +
      'werden zugestellt, gelten aber nicht als bestätigt.',
    current: dmarc.record,
  };
}

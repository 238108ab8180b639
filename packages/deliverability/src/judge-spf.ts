import { recommendSpf, spfMechanismFor, txtRecord } from './dns-records.ts';
import type { Finding } from './findings.ts';
import type { DomainFacts, RouteSpf, SpfEvaluation } from './gather-facts.ts';
import { isRouteSpfPass } from './gather-facts.ts';
import type { SendingRoute } from './sending-routes.ts';

/** SPF of the domain itself (presence, syntax, lookups, `all`) and of the route's senders. */
export function judgeSpf(facts: DomainFacts, relayDomain: string): Finding[] {
  const { domain, probe } = facts;
  const mechanism = spfMechanismFor(facts.route, relayDomain);
  const fix = txtRecord(domain, recommendSpf(probe.record, mechanism));
  const spfRecords = facts.spfTxt.ok
    ? facts.spfTxt.value.map((chunks) => chunks.join('')).filter((text) => /^v=spf1\b/i.test(text))
    : [];

  if (spfRecords.length > 1) {
    return [
      {
        area: 'SPF',
        code: 'SPF_MULTIPLE',
        impact: 'LIKELY_SPAM',
        message:
          `${domain} hat ${spfRecords.length} SPF-Einträge, erlaubt ist genau einer ` +
          '(RFC 7208 §4.5). Empfänger werten das als Fehler, als gäbe es keinen. Fassen Sie ' +
          `die Einträge zu einem zusammen und nehmen Sie dabei ${mechanism} auf.`,
        current: spfRecords.join('\n'),
      },
    ];
  }
  if (probe.result === 'none') {
    return [
      {
        area: 'SPF',
        code: 'SPF_MISSING',
        impact: 'LIKELY_SPAM',
        message:
          `${domain} hat keinen SPF-Eintrag. Empfänger können nicht prüfen, ob ` +
          `${senderLabel(facts.route, relayDomain)} für Ihre Domain senden darf, und sortieren ` +
          'Ihre E-Mails deshalb oft als Spam aus. Senden Sie auch über andere Dienste (etwa den ' +
          'Webmailer Ihres Anbieters), nehmen Sie diese ebenfalls auf.',
        record: fix,
      },
    ];
  }
  if (probe.result === 'permerror') {
    return [brokenRecordFinding(domain, probe)];
  }

  return [...judgeAllTerm(domain, probe, fix), judgeRouteSenders(facts, relayDomain, fix)];
}

function brokenRecordFinding(domain: string, probe: SpfEvaluation): Finding {
  if (probe.lookups > probe.limit) {
    return {
      area: 'SPF',
      code: 'SPF_TOO_MANY_LOOKUPS',
      impact: 'LIKELY_SPAM',
      message:
        `Der SPF-Eintrag von ${domain} braucht mehr als ${probe.limit} DNS-Abfragen ` +
        '(include, a, mx, ptr, exists, redirect). Ab der elften brechen Empfänger die Prüfung ' +
        'mit einem Fehler ab (RFC 7208 §4.6.4), als hätten Sie keinen gültigen SPF-Eintrag. ' +
        'Entfernen Sie nicht mehr genutzte include-Angaben oder ersetzen Sie sie durch feste ' +
        'ip4-/ip6-Angaben.',
      current: probe.record,
    };
  }
  return {
    area: 'SPF',
    code: 'SPF_INVALID',
    impact: 'LIKELY_SPAM',
    message:
      `Der SPF-Eintrag von ${domain} ist fehlerhaft und wird von Empfängern verworfen ` +
      `(technisch: ${probe.detail ?? 'permerror'}). Bitte korrigieren Sie ihn.`,
    current: probe.record,
  };
}

// What a server gets that the record does not name: the `all` term (RFC 7208 §5.1).
function judgeAllTerm(domain: string, probe: SpfEvaluation, fix: string): Finding[] {
  if (probe.result === 'pass') {
    return [
      {
        area: 'SPF',
        code: 'SPF_PASS_ALL',
        impact: 'LIKELY_SPAM',
        message:
          `Der SPF-Eintrag von ${domain} erlaubt jedem Server der Welt, in Ihrem Namen zu ` +
          'senden (+all). Er schützt damit nicht vor Fälschungen, und viele Empfänger ' +
          'misstrauen solchen Domains. Ersetzen Sie +all durch ~all oder -all.',
        current: probe.record,
        record: fix,
      },
    ];
  }
  if (probe.result === 'neutral') {
    return [
      {
        area: 'SPF',
        code: 'SPF_NEUTRAL_ALL',
        impact: 'INFO',
        message:
          `Der SPF-Eintrag von ${domain} endet nicht mit ~all oder -all. Fremde Server, die ` +
          'sich als Ihre Domain ausgeben, werden deshalb nicht als unberechtigt erkannt.',
        current: probe.record,
        record: fix,
      },
    ];
  }
  return [];
}

function judgeRouteSenders(facts: DomainFacts, relayDomain: string, fix: string): Finding {
  const { domain, probe, routeSpf, route } = facts;
  const sender = senderLabel(route, relayDomain);
  const dative = senderLabel(route, relayDomain, 'dative');
  if (routeSpf.kind === 'addresses' && !routeSpf.addresses.ok) {
    return {
      area: 'SPF',
      code: 'SPF_SERVER_UNRESOLVED',
      impact: 'LIKELY_SPAM',
      message:
        `Der Postausgangsserver ${route.serverHost} ist im DNS nicht zu finden, daher lässt ` +
        'sich nicht prüfen, ob er für Ihre Domain senden darf. Bitte prüfen Sie den ' +
        'Servernamen in den Einstellungen.',
    };
  }
  if (isRouteSpfPass(routeSpf, probe)) {
    return {
      area: 'SPF',
      code: 'SPF_OK',
      impact: 'OK',
      message: `Der SPF-Eintrag von ${domain} erlaubt ${dative}, für Ihre Domain zu senden.`,
      current: probe.record,
    };
  }

  const result = effectiveResult(routeSpf, probe);
  const rejected = result === 'fail' && route.route !== 'RELAY';
  return {
    area: 'SPF',
    code: 'SPF_ROUTE_NOT_AUTHORIZED',
    impact: rejected ? 'REJECTED_BY_STRICT_RECEIVERS' : 'LIKELY_SPAM',
    message: `${notAuthorizedReason(facts, sender, dative)} ${consequence(route, result)}`,
    current: probe.record,
    record: fix,
  };
}

function notAuthorizedReason(facts: DomainFacts, sender: string, dative: string): string {
  const { domain, routeSpf } = facts;
  if (routeSpf.kind === 'include') {
    return (
      `Der SPF-Eintrag von ${domain} enthält nicht include:${routeSpf.include}, also darf ` +
      `${sender} laut SPF nicht für Ihre Domain senden.`
    );
  }
  const failing = routeSpf.results.filter((r) => r.evaluation.result !== 'pass');
  const addresses = failing.map((r) => r.ip).join(', ');
  return `Der SPF-Eintrag von ${domain} erlaubt ${dative} das Senden nicht (Adresse ${addresses}).`;
}

function consequence(route: SendingRoute, result: string): string {
  if (route.route === 'RELAY') {
    return (
      'Empfänger, die neben dem Relay auch Ihre Absender-Domain prüfen, stufen Ihre E-Mails ' +
      'deshalb als verdächtig ein.'
    );
  }
  if (result === 'fail') {
    return (
      'Ihr Eintrag verbietet mit -all allen nicht genannten Servern das Senden; strenge ' +
      'Empfänger lehnen Ihre E-Mails deshalb ab.'
    );
  }
  return 'Empfänger stufen Ihre E-Mails deshalb als verdächtig ein.';
}

// For include routes the route's servers are not listed, so they get what strangers get.
function effectiveResult(routeSpf: RouteSpf, probe: SpfEvaluation): string {
  if (routeSpf.kind === 'include') {
    return probe.result;
  }
  const results = routeSpf.results.map((r) => r.evaluation.result);
  return results.includes('fail') ? 'fail' : (results.find((r) => r !== 'pass') ?? 'neutral');
}

// "der Postausgangsserver sendet", "für den Postausgangsserver", "mit dem Postausgangsserver".
const ARTICLES = { nominative: 'der', accusative: 'den', dative: 'dem' } as const;

/** The route's sender in German, in the case the sentence needs (see ARTICLES). */
export function senderLabel(
  route: SendingRoute,
  relayDomain: string,
  grammaticalCase: 'nominative' | 'accusative' | 'dative' = 'nominative',
): string {
  const article = ARTICLES[grammaticalCase];
  switch (route.route) {
    case 'RELAY':
      return `${article} Relay-Server (${relayDomain})`;
    case 'MICROSOFT_365':
      return 'Microsoft 365';
    case 'OTHER_SMTP':
      return `${article} Postausgangsserver ${route.serverHost}`;
  }
}

import type { MxRecord } from 'node:dns';
import type { DNSResolver } from 'mailauth';
import { dmarc } from 'mailauth/lib/dmarc/index.js';
import { spf } from 'mailauth/lib/spf/index.js';
import {
  type DnsFailure,
  type DnsLookup,
  type DnsOutcome,
  type LookupTrace,
  traceLookup,
  tryLookup,
} from './dns-lookup.ts';
import {
  isMicrosoftDkimTarget,
  MICROSOFT_DKIM_SELECTORS,
  MICROSOFT_SPF_INCLUDE,
} from './dns-records.ts';
import type { SendingRoute } from './sending-routes.ts';

export type SpfEvaluation = {
  /** mailauth's result: pass, fail, softfail, neutral, none, permerror or temperror. */
  result: string;
  record?: string;
  /** DNS-querying terms counted against the limit of 10 (RFC 7208 §4.6.4). */
  lookups: number;
  limit: number;
  /** mailauth's technical reason for a permerror, in English. */
  detail?: string;
  failures: DnsFailure[];
};

export type RouteSpf =
  | { kind: 'include'; include: string; reached: boolean }
  | {
      kind: 'addresses';
      addresses: DnsOutcome<string[]>;
      results: Array<{ ip: string; evaluation: SpfEvaluation }>;
    };

export type MicrosoftSelector = { selector: string; name: string; outcome: DnsOutcome<string[]> };

export type DkimFacts =
  | { kind: 'RELAY' }
  | { kind: 'UNKNOWN_SELECTOR' }
  | { kind: 'MICROSOFT'; selectors: MicrosoftSelector[]; aligned: boolean };

export type DmarcFacts = {
  /** mailauth's DMARC result for a message from this domain over this route. */
  result: string;
  policy?: string;
  record?: string;
  /** Whether SPF or DKIM of this route is aligned with the domain (RFC 7489 §3.1). */
  canAlign: boolean;
  failures: DnsFailure[];
};

export type DomainFacts = {
  domain: string;
  route: SendingRoute;
  mx: DnsOutcome<MxRecord[]>;
  spfTxt: DnsOutcome<string[][]>;
  /** The domain's SPF record evaluated for an address nobody authorized. */
  probe: SpfEvaluation;
  routeSpf: RouteSpf;
  dkim: DkimFacts;
  dmarc: DmarcFacts;
};

// RFC 5737 TEST-NET-1: never a real sender. Evaluating SPF for it walks the whole record
// (nothing matches early), which counts every lookup and shows what strangers get.
const PROBE_IP = '192.0.2.1';

/** Asks DNS everything the judges need about one domain and one sending route. */
export async function gatherFacts(
  lookup: DnsLookup,
  domain: string,
  route: SendingRoute,
  relayDomain: string,
): Promise<DomainFacts> {
  const probeTrace = traceLookup(lookup);
  const [mx, spfTxt, probe, addresses, dkim] = await Promise.all([
    tryLookup<MxRecord[]>(lookup, domain, 'MX'),
    tryLookup<string[][]>(lookup, domain, 'TXT'),
    evaluateSpf(probeTrace, domain, PROBE_IP),
    // Known limit: the server we submit to stands in for the machine that delivers; providers
    // whose outbound servers have other addresses fail here unless SPF also lists the former.
    route.route === 'OTHER_SMTP' ? resolveAddresses(lookup, route.serverHost) : undefined,
    gatherDkim(lookup, domain, route),
  ]);

  let routeSpf: RouteSpf;
  if (addresses) {
    const results = addresses.ok
      ? await Promise.all(
          addresses.value.map(async (ip) => ({
            ip,
            evaluation: await evaluateSpf(traceLookup(lookup), domain, ip),
          })),
        )
      : [];
    routeSpf = { kind: 'addresses', addresses, results };
  } else {
    // Relay and Microsoft publish their senders behind one SPF name each; the domain's record
    // authorizes them when evaluation reaches that include.
    // Known limit: a record that lists the relay's or Microsoft's addresses itself (ip4:…)
    // instead of the include is reported as not authorizing the route.
    const include = route.route === 'RELAY' ? relayDomain : MICROSOFT_SPF_INCLUDE;
    routeSpf = { kind: 'include', include, reached: probeTrace.hasAsked('TXT', include) };
  }

  const dmarcFacts = await gatherDmarc(lookup, domain, route, relayDomain, routeSpf, probe, dkim);
  return { domain, route, mx, spfTxt, probe, routeSpf, dkim, dmarc: dmarcFacts };
}

async function evaluateSpf(trace: LookupTrace, domain: string, ip: string): Promise<SpfEvaluation> {
  const result = await spf({
    sender: `postmaster@${domain}`,
    ip,
    helo: domain,
    mta: 'postwerk',
    resolver: trace.lookup as DNSResolver,
  });
  const comment = result.status.comment ?? '';
  return {
    result: result.status.result,
    record: result.rr,
    lookups: result.lookups?.count ?? 0,
    limit: result.lookups?.limit ?? 10,
    // mailauth puts its reason after the last colon of the comment.
    detail: comment.includes(': ') ? comment.slice(comment.lastIndexOf(': ') + 2) : undefined,
    failures: trace.failures,
  };
}

async function resolveAddresses(lookup: DnsLookup, host: string): Promise<DnsOutcome<string[]>> {
  const [v4, v6] = await Promise.all([
    tryLookup<string[]>(lookup, host, 'A'),
    tryLookup<string[]>(lookup, host, 'AAAA'),
  ]);
  for (const outcome of [v4, v6]) {
    if (!outcome.ok && (outcome.reason === 'TIMEOUT' || outcome.reason === 'FAILURE')) {
      return outcome;
    }
  }
  const addresses = [...(v4.ok ? v4.value : []), ...(v6.ok ? v6.value : [])];
  return addresses.length ? { ok: true, value: addresses } : v4;
}

async function gatherDkim(
  lookup: DnsLookup,
  domain: string,
  route: SendingRoute,
): Promise<DkimFacts> {
  if (route.route === 'RELAY') {
    return { kind: 'RELAY' };
  }
  if (route.route === 'OTHER_SMTP') {
    // Known limit: the selector an external server signs with is not known to us, so its
    // DKIM is not checked; DMARC is then judged on SPF alone, which is stricter than reality.
    return { kind: 'UNKNOWN_SELECTOR' };
  }
  const selectors = await Promise.all(
    MICROSOFT_DKIM_SELECTORS.map(async (selector) => {
      const name = `${selector}._domainkey.${domain}`;
      return { selector, name, outcome: await tryLookup<string[]>(lookup, name, 'CNAME') };
    }),
  );
  const aligned = selectors.every(
    ({ outcome }) => outcome.ok && outcome.value.some((target) => isMicrosoftDkimTarget(target)),
  );
  return { kind: 'MICROSOFT', selectors, aligned };
}

async function gatherDmarc(
  lookup: DnsLookup,
  domain: string,
  route: SendingRoute,
  relayDomain: string,
  routeSpf: RouteSpf,
  probe: SpfEvaluation,
  dkim: DkimFacts,
): Promise<DmarcFacts> {
  // The envelope domain passes SPF and the signing domain passes DKIM: the identifiers a
  // receiver hands to DMARC. Over the relay both are the relay's domain, never the firm's.
  // Known limit: we trust that the relay passes SPF and DKIM for its own domain, and that an
  // external server keeps the mailbox address as envelope sender (some rewrite it to their own).
  const spfDomains =
    route.route === 'RELAY' ? [relayDomain] : isRouteSpfPass(routeSpf, probe) ? [domain] : [];
  const dkimDomains =
    route.route === 'RELAY'
      ? [{ domain: relayDomain }]
      : dkim.kind === 'MICROSOFT' && dkim.aligned
        ? [{ domain }]
        : [];

  const trace = traceLookup(lookup);
  const result = await dmarc({
    headerFrom: `postmaster@${domain}`,
    spfDomains,
    dkimDomains,
    resolver: trace.lookup as DNSResolver,
  });
  const canAlign = spfDomains.includes(domain) || dkimDomains.some((d) => d.domain === domain);
  if (!result) {
    return { result: 'none', canAlign, failures: trace.failures };
  }
  return {
    result: result.status.result,
    policy: result.policy,
    record: result.rr,
    canAlign,
    failures: trace.failures,
  };
}

/** Whether the route's own senders pass the domain's SPF. */
export function isRouteSpfPass(routeSpf: RouteSpf, probe: SpfEvaluation): boolean {
  if (routeSpf.kind === 'addresses') {
    return (
      routeSpf.results.length > 0 && routeSpf.results.every((r) => r.evaluation.result === 'pass')
    );
  }
  const usable = !['none', 'permerror', 'temperror'].includes(probe.result);
  return usable && (routeSpf.reached || probe.result === 'pass');
}

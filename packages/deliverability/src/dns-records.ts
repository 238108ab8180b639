import type { SendingRoute } from './sending-routes.ts';

export const MICROSOFT_SPF_INCLUDE = 'spf.protection.outlook.com';
export const MICROSOFT_DKIM_SELECTORS = ['selector1', 'selector2'] as const;

// RFC 1035 §3.3.14: one character-string holds at most 255 octets; longer TXT values are
// written as several quoted strings, which receivers join without spaces (RFC 7208 §3.3).
const MAX_CHARACTER_STRING = 255;
const ALL_TERM = /^[+?~-]?all$/i;

/** The SPF mechanism that authorizes a route's senders. */
export function spfMechanismFor(route: SendingRoute, relayDomain: string): string {
  switch (route.route) {
    case 'RELAY':
      return `include:${relayDomain}`;
    case 'MICROSOFT_365':
      return `include:${MICROSOFT_SPF_INCLUDE}`;
    case 'OTHER_SMTP':
      return `a:${route.serverHost}`;
  }
}

/** A zone-file line: `bau-firma.de. TXT "v=spf1 … -all"`. */
export function txtRecord(name: string, value: string): string {
  const chunks: string[] = [];
  for (let offset = 0; offset < value.length; offset += MAX_CHARACTER_STRING) {
    chunks.push(`"${value.slice(offset, offset + MAX_CHARACTER_STRING)}"`);
  }
  return `${name}. TXT ${chunks.join(' ')}`;
}

/**
 * The SPF record to publish: the current one with the route's mechanism added right after
 * `v=spf1`, and a `+all`/`?all` (or a missing all) turned into `~all`. A new record ends in
 * `-all`: nothing else was authorized before, so nothing else can break.
 */
export function recommendSpf(current: string | undefined, mechanism: string): string {
  if (!current) {
    return `v=spf1 ${mechanism} -all`;
  }
  const terms = current.trim().split(/\s+/);
  const [version, ...rest] = terms;
  const mechanisms = rest.some((term) => term.toLowerCase() === mechanism.toLowerCase())
    ? rest
    : [mechanism, ...rest];
  const allIndex = mechanisms.findIndex((term) => ALL_TERM.test(term));
  const hasRedirect = mechanisms.some((term) => /^redirect=/i.test(term));
  if (allIndex >= 0) {
    const all = mechanisms[allIndex] as string;
    if (!/^[~-]all$/i.test(all)) {
      mechanisms[allIndex] = '~all';
    }
  } else if (!hasRedirect) {
    mechanisms.push('~all');
  }
  return [version ?? 'v=spf1', ...mechanisms].join(' ');
}

/** A DMARC record for a domain that has none (or an unusable one). */
export function recommendDmarc(canAlign: boolean): string {
  // p=none while the route cannot align: a stricter policy would only hurt our own mail.
  return canAlign ? 'v=DMARC1; p=quarantine' : 'v=DMARC1; p=none';
}

/** The current DMARC record with its policies relaxed to `none`. */
export function relaxDmarc(current: string): string {
  return current.replace(/\b(s?p)\s*=\s*(reject|quarantine)\b/gi, '$1=none');
}

/**
 * The two CNAMEs Microsoft 365 asks for. Microsoft names the target after the domain with
 * dots as dashes, under the tenant's onmicrosoft.com domain, which only the Microsoft 365
 * admin center knows; `<mandant>` stands for it.
 * Known limit: the administrator must replace `<mandant>` by hand; we never learn the name.
 */
export function microsoftDkimRecords(domain: string): string {
  const dashed = domain.replaceAll('.', '-');
  return MICROSOFT_DKIM_SELECTORS.map(
    (selector) =>
      `${selector}._domainkey.${domain}. CNAME ` +
      `${selector}-${dashed}._domainkey.<mandant>.onmicrosoft.com.`,
  ).join('\n');
}

/** Microsoft's DKIM CNAME targets: the classic onmicrosoft.com form or the newer dkim one. */
export function isMicrosoftDkimTarget(target: string): boolean {
  const host = target.toLowerCase().replace(/\.$/, '');
  return host.endsWith('.onmicrosoft.com') || host.endsWith('.dkim.mail.microsoft');
}

export function microsoftMxRecord(domain: string): string {
  return `${domain}. MX 0 ${domain.replaceAll('.', '-')}.mail.protection.outlook.com.`;
}

import { z } from 'zod';

export const IMPACTS = [
  'OK',
  'INFO',
  'LIKELY_SPAM',
  'REJECTED_BY_STRICT_RECEIVERS',
  'ERROR',
] as const;

export const VERDICTS = [
  'DELIVERED',
  'LIKELY_SPAM',
  'REJECTED_BY_STRICT_RECEIVERS',
  'ERROR',
] as const;

export const FINDING_CODES = [
  'DNS_TIMEOUT',
  'DNS_FAILURE',
  'DOMAIN_NOT_FOUND',
  'MX_OK',
  'MX_MISSING',
  'MX_NULL',
  'SPF_OK',
  'SPF_MISSING',
  'SPF_MULTIPLE',
  'SPF_TOO_MANY_LOOKUPS',
  'SPF_INVALID',
  'SPF_PASS_ALL',
  'SPF_NEUTRAL_ALL',
  'SPF_ROUTE_NOT_AUTHORIZED',
  'SPF_SERVER_UNRESOLVED',
  'DKIM_OK',
  'DKIM_MISSING',
  'DKIM_NOT_POSSIBLE',
  'DKIM_NOT_CHECKED',
  'DMARC_OK',
  'DMARC_MISSING',
  'DMARC_INVALID',
  'DMARC_REJECTS',
  'DMARC_QUARANTINES',
  'DMARC_MONITOR_ONLY',
] as const;

/** One observation about a domain, in words for a firm's administrator. */
export const FindingSchema = z.object({
  area: z.enum(['DNS', 'DOMAIN', 'MX', 'SPF', 'DKIM', 'DMARC']),
  code: z.enum(FINDING_CODES),
  /** What this finding alone does to delivery; the verdict is the worst of them. */
  impact: z.enum(IMPACTS),
  /** German, plain words: what is wrong and what happens to the mail. */
  message: z.string(),
  /** The record as it is in DNS today, when there is one. */
  current: z.string().optional(),
  /** Zone-file lines to add or to replace `current` with, ready to copy. */
  record: z.string().optional(),
});

export type Finding = z.infer<typeof FindingSchema>;
export type Impact = (typeof IMPACTS)[number];
export type Verdict = (typeof VERDICTS)[number];

const SEVERITY: Record<Impact, number> = {
  OK: 0,
  INFO: 0,
  LIKELY_SPAM: 1,
  REJECTED_BY_STRICT_RECEIVERS: 2,
  ERROR: 3,
};

/** The worst impact wins; an unanswered DNS query means ERROR, never a guessed verdict. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  const worst = findings.reduce<Impact>(
    (current, finding) => (SEVERITY[finding.impact] > SEVERITY[current] ? finding.impact : current),
    'OK',
  );
  return worst === 'OK' || worst === 'INFO' ? 'DELIVERED' : worst;
}

const SUMMARIES: Record<Verdict, string> = {
  DELIVERED: 'E-Mails kommen an.',
  LIKELY_SPAM: 'E-Mails landen wahrscheinlich im Spam-Ordner.',
  REJECTED_BY_STRICT_RECEIVERS: 'Empfänger mit strenger Prüfung lehnen E-Mails ab.',
  ERROR: 'Keine Aussage möglich: Die DNS-Abfrage ist fehlgeschlagen. Bitte später erneut prüfen.',
};

export function summarize(verdict: Verdict): string {
  return SUMMARIES[verdict];
}

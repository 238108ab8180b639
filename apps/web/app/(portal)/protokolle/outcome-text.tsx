'use client';

import { useTranslations } from 'next-intl';

const KNOWN = new Set(['ok', 'sent', 'failed']);

/** The worker's outcome word in the user's language; a session still open has none. */
export function OutcomeText({ outcome }: { outcome: string | null }) {
  const t = useTranslations('sessionLogs.outcomes');
  if (outcome === null) {
    return <span className="italic">{t('open')}</span>;
  }
  return <>{KNOWN.has(outcome) ? t(outcome) : outcome}</>;
}

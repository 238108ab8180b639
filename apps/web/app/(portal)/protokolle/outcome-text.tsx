'use client';

import { useTranslations } from 'next-intl';
import { ErrorCodeText } from '@/components/error-code-text';

const KNOWN = new Set(['ok', 'sent', 'failed']);

/** The worker's outcome in the user's language; a session still open has none. */
export function OutcomeText({ outcome }: { outcome: string | null }) {
  const t = useTranslations('sessionLogs.outcomes');
  if (outcome === null) {
    return <span className="italic">{t('open')}</span>;
  }
  if (KNOWN.has(outcome)) {
    return <>{t(outcome)}</>;
  }
  // A failed session ends with the failure's code: its words, the code small beside them.
  return (
    <>
      {t('failed')}: <ErrorCodeText code={outcome} />
    </>
  );
}

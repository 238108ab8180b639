'use client';

import { useFormatter, useTranslations } from 'next-intl';

/** A point in time in the user's language, or "never" for a missing value. */
export function DateTime({ value }: { value: string | null }) {
  const format = useFormatter();
  const t = useTranslations('common');
  if (!value) {
    return <span className="text-slate-700">{t('never')}</span>;
  }
  return (
    <time dateTime={value}>
      {format.dateTime(new Date(value), { dateStyle: 'medium', timeStyle: 'short' })}
    </time>
  );
}

'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { VerdictBadge } from '@/components/deliverability/verdict-badge';
import type { OverviewEntry } from '@/lib/deliverability-types';
import { LINK_CLASS } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';

/** Dashboard block: company domains whose deliverability verdict changed at the last check. */
export function DeliverabilityChanges() {
  const t = useTranslations('deliverability');
  const overview = useApiQuery<OverviewEntry[]>('/api/deliverability');
  const changed = overview.data?.filter((entry) => entry.changed) ?? [];
  if (changed.length === 0) {
    return null;
  }
  return (
    <section aria-labelledby="deliverability-changes-title" className="space-y-2">
      <h2 id="deliverability-changes-title" className="text-lg font-semibold">
        {t('changesTitle')}
      </h2>
      <ul className="space-y-2">
        {changed.map((entry) => (
          <li
            key={`${entry.domain}-${entry.route}-${entry.serverHost ?? ''}`}
            className="flex flex-wrap items-center gap-2 text-sm"
          >
            <Link className={LINK_CLASS} href={`/firmen/${entry.companyId}`}>
              {entry.domain}
            </Link>
            <span>{t(`route.${entry.route}`, { host: entry.serverHost ?? '' })}:</span>
            {entry.previousVerdict ? <VerdictBadge verdict={entry.previousVerdict} /> : null}
            <span aria-hidden="true">→</span>
            <span className="sr-only">{t('changedTo')}</span>
            <VerdictBadge verdict={entry.verdict} />
          </li>
        ))}
      </ul>
    </section>
  );
}

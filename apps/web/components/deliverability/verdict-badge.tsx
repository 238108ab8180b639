'use client';

import { useTranslations } from 'next-intl';
import type { Verdict } from '@/lib/deliverability-types';

const TONES: Record<Verdict, string> = {
  DELIVERED: 'border-green-700 bg-green-50 text-green-900',
  LIKELY_SPAM: 'border-amber-600 bg-amber-50 text-amber-950',
  REJECTED_BY_STRICT_RECEIVERS: 'border-red-700 bg-red-50 text-red-900',
  ERROR: 'border-slate-500 bg-slate-50 text-slate-800',
};

/** A deliverability verdict in words; the colour only repeats what the text says. */
export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const t = useTranslations('deliverability.verdict');
  return (
    <span
      className={`inline-flex whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium ${TONES[verdict]}`}
    >
      {t(verdict)}
    </span>
  );
}

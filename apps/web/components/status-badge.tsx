'use client';

import { useTranslations } from 'next-intl';
import type { MailboxStatus } from '@/lib/api-types';

const TONES: Record<MailboxStatus, string> = {
  OK: 'border-green-700 bg-green-50 text-green-900',
  SIGN_IN_REQUIRED: 'border-amber-600 bg-amber-50 text-amber-950',
  SEND_FAILED: 'border-red-700 bg-red-50 text-red-900',
  FETCH_FAILED: 'border-red-700 bg-red-50 text-red-900',
  UNTESTED: 'border-slate-500 bg-slate-50 text-slate-800',
};

const BADGE_CLASS =
  'inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2 py-0.5 ' +
  'text-xs font-medium';

const ICONS: Record<MailboxStatus, string> = {
  OK: '✓',
  SIGN_IN_REQUIRED: '!',
  SEND_FAILED: '✕',
  FETCH_FAILED: '✕',
  UNTESTED: '–',
};

/** The mailbox status in words; colour and icon only repeat what the text says. */
export function StatusBadge({ status }: { status: MailboxStatus }) {
  const t = useTranslations('status');
  return (
    <span className={`${BADGE_CLASS} ${TONES[status]}`}>
      <span aria-hidden="true">{ICONS[status]}</span>
      {t(status)}
    </span>
  );
}

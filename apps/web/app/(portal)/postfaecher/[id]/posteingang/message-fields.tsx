'use client';

import { useTranslations } from 'next-intl';
import { DateTime } from '@/components/date-time';
import type { InboxItem } from '@/lib/api-types';

// Received mail is whatever the sender's software wrote: subject, sender and date can be
// missing or empty, so each has a visible placeholder instead of a blank cell.

export function SubjectText({ subject }: { subject: string | null }) {
  const t = useTranslations('inbox');
  const text = subject?.trim();
  return text || <span className="italic">{t('noSubject')}</span>;
}

export function SenderName({ item }: { item: Pick<InboxItem, 'fromName' | 'fromAddress'> }) {
  const t = useTranslations('inbox');
  const name = item.fromName?.trim();
  const address = item.fromAddress?.trim();
  if (!name && !address) {
    return <span className="italic text-slate-700">{t('noSender')}</span>;
  }
  return (
    <>
      <span className="block">{name || address}</span>
      {name && address ? <span className="block text-slate-700">{address}</span> : null}
    </>
  );
}

/** The sender's date; without one, when Postwerk fetched the message. */
export function MessageDate({ item }: { item: Pick<InboxItem, 'sentDate' | 'receivedAt'> }) {
  const t = useTranslations('inbox');
  if (item.sentDate) {
    return <DateTime value={item.sentDate} />;
  }
  return (
    <span className="text-slate-700">
      <span className="block italic">{t('noDate')}</span>
      <span className="block">
        {t('fetchedAt')} <DateTime value={item.receivedAt} />
      </span>
    </span>
  );
}

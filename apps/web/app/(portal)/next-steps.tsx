'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { Mailbox } from '@/lib/api-types';
import { ROUTES } from '@/lib/routes';
import { LINK_CLASS } from '@/lib/ui';

/**
 * Whether the dashboard has nothing to judge yet: no mailbox, no mailbox with a server of its
 * own, or none tested. Then "Alles in Ordnung" would be a promise nobody has checked.
 */
export function isNothingTested(mailboxes: Mailbox[]): boolean {
  const hasServer = mailboxes.some((m) => m.outgoingServerId || m.incomingServerId);
  return !hasServer || mailboxes.every((mailbox) => mailbox.status === 'UNTESTED');
}

/** The way from a fresh tenant to working mail, each step one click from its screen. */
export function NextSteps({ mailboxCount }: { mailboxCount: number }) {
  const t = useTranslations('overview.nextSteps');
  return (
    <section
      aria-labelledby="next-steps-title"
      className="rounded-md border-l-4 border-blue-700 bg-blue-50 px-4 py-3 text-blue-950"
    >
      <h2 id="next-steps-title" className="font-semibold">
        {t('title')}
      </h2>
      <p className="mt-1 text-sm">{t('intro')}</p>
      <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm">
        <li>
          <Link href={ROUTES.servers} className={LINK_CLASS}>
            {t('servers')}
          </Link>{' '}
          {t('serversHint')}
        </li>
        <li>
          <Link
            href={mailboxCount > 0 ? ROUTES.mailboxes : ROUTES.newMailbox}
            className={LINK_CLASS}
          >
            {t('mailboxes')}
          </Link>{' '}
          {t('mailboxesHint')}
        </li>
        <li>{t('microsoft')}</li>
        <li>{t('test')}</li>
      </ol>
    </section>
  );
}

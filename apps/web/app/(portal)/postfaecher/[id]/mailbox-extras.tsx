'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { DeleteButton } from '@/components/delete-button';
import { SectionCard } from '@/components/section-card';
import { apiFetch } from '@/lib/api-client';
import type { Mailbox } from '@/lib/api-types';
import { ROUTES } from '@/lib/routes';
import { buttonClass } from '@/lib/ui';

// Known limit: settings tests, the inbox and session logs come from other parts of the
// system still being built; until their API routes exist these buttons stay disabled.
const COMING_SOON = ['testSending', 'testReceiving', 'inbox', 'logs', 'consentLink'] as const;

/** Placeholders for what is still to come, and deleting the mailbox. */
export function MailboxExtras({ mailbox }: { mailbox: Mailbox }) {
  const t = useTranslations('mailboxCard');
  const router = useRouter();

  return (
    <>
      <SectionCard
        id="coming-soon"
        title={t('comingSoon.title')}
        description={t('comingSoon.hint')}
      >
        <ul className="flex flex-wrap gap-2">
          {COMING_SOON.map((key) => (
            <li key={key}>
              <button type="button" className={buttonClass('secondary')} disabled>
                {t(`comingSoon.${key}`)}
              </button>
            </li>
          ))}
        </ul>
      </SectionCard>
      <SectionCard id="delete" title={t('delete.title')} description={t('delete.hint')}>
        <DeleteButton
          label={t('delete.button')}
          confirmText={t('delete.confirm', { code: mailbox.code })}
          onDelete={async () => {
            await apiFetch(`/api/mailboxes/${mailbox.id}`, { method: 'DELETE' });
            router.push(ROUTES.mailboxes);
          }}
        />
      </SectionCard>
    </>
  );
}

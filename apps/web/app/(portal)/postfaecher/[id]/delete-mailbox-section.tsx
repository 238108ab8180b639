'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { DeleteButton } from '@/components/delete-button';
import { SectionCard } from '@/components/section-card';
import { apiFetch } from '@/lib/api-client';
import type { Mailbox } from '@/lib/api-types';
import { ROUTES } from '@/lib/routes';

/** Deleting the mailbox, kept apart from the card form and its save button. */
export function DeleteMailboxSection({ mailbox }: { mailbox: Mailbox }) {
  const t = useTranslations('mailboxCard');
  const router = useRouter();

  return (
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
  );
}

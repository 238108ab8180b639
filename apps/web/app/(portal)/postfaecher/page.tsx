import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { MailboxList } from './mailbox-list';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('mailboxes');
  return { title: t('title') };
}

export default function MailboxesPage() {
  return <MailboxList />;
}

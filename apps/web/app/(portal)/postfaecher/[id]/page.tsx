import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { MailboxCard } from './mailbox-card';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('mailboxCard');
  return { title: t('title') };
}

/** The mailbox card (Mitarbeiterkartei → Anpassungen → Kommunikationssystem). */
export default async function MailboxPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <MailboxCard id={id} />;
}

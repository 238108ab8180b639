import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/page-header';
import { kindFromQuery } from '../mailbox-kind';
import { NewMailboxForm } from './new-mailbox-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('mailboxes');
  return { title: t('createTitle') };
}

type NewMailboxPageProps = { searchParams: Promise<{ art?: string | string[] }> };

export default async function NewMailboxPage({ searchParams }: NewMailboxPageProps) {
  const t = await getTranslations('mailboxes');
  const { art } = await searchParams;
  return (
    <>
      <PageHeader title={t('createTitle')} description={t('createDescription')} />
      <NewMailboxForm initialKind={kindFromQuery(art)} />
    </>
  );
}

import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/page-header';
import { SupportConsole } from './support-console';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('support');
  return { title: t('title') };
}

/** Support-Konsole: find a tenant, look at its mailboxes, start acting for it. */
export default async function SupportPage() {
  const t = await getTranslations('support');
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <SupportConsole />
    </>
  );
}

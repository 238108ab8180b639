import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/page-header';
import { ServerTable } from './server-table';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('servers');
  return { title: t('title') };
}

export default async function ServersPage() {
  const t = await getTranslations('servers');
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <div className="space-y-10">
        <ServerTable serverRole="outgoing" />
        <ServerTable serverRole="incoming" />
      </div>
    </>
  );
}

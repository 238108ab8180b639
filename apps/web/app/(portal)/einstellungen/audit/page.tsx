import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/page-header';
import { AccessApproval } from './access-approval';
import { AuditList } from './audit-list';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('audit');
  return { title: t('title') };
}

/** Protokoll der Zugriffe: who acted for the firm, and whether support must ask first. */
export default async function AuditPage() {
  const t = await getTranslations('audit');
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <div className="space-y-6">
        <AccessApproval />
        <AuditList />
      </div>
    </>
  );
}

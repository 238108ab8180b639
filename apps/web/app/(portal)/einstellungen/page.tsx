import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/page-header';
import { ROUTES } from '@/lib/routes';
import { buttonClass } from '@/lib/ui';
import { SettingsEditor } from './settings-editor';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('settings');
  return { title: t('title') };
}

/** Einstellungen für alle Firmen → Kommunikation. */
export default async function SettingsPage() {
  const t = await getTranslations('settings');
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <>
            <Link href={ROUTES.apiAccess} className={buttonClass('secondary')}>
              {t('apiAccessLink')}
            </Link>
            <Link href={ROUTES.audit} className={buttonClass('secondary')}>
              {t('auditLink')}
            </Link>
          </>
        }
      />
      <SettingsEditor />
    </>
  );
}

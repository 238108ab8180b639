import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { FormAlert } from '@/components/form-alert';
import { PageHeader } from '@/components/page-header';
import { ROUTES } from '@/lib/routes';
import { fetchServerSession } from '@/lib/server-api';
import { buttonClass } from '@/lib/ui';
import { ApiKeyPanel } from './api-key-panel';
import { UsageHint } from './usage-hint';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('apiAccess');
  return { title: t('title') };
}

/**
 * Einstellungen → API-Zugang: keys with which the firm's other software hands mail to
 * Postwerk and reads what arrived. Support acting for the firm sees that keys exist only as
 * a notice: a key is a secret, so the API refuses them the list as well.
 */
export default async function ApiAccessPage() {
  const t = await getTranslations('apiAccess');
  const session = await fetchServerSession();
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <Link href={ROUTES.settings} className={buttonClass('secondary')}>
            {t('backToSettings')}
          </Link>
        }
      />
      {session.impersonation ? (
        <FormAlert tone="info">{t('supportNotice')}</FormAlert>
      ) : (
        <div className="space-y-6">
          <ApiKeyPanel />
          <UsageHint />
        </div>
      )}
    </>
  );
}

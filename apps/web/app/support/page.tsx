import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { FormAlert } from '@/components/form-alert';
import { PageHeader } from '@/components/page-header';
import { buttonClass } from '@/lib/ui';
import { SupportConsole } from './support-console';

// The API's read-only BullMQ dashboard (support only), served through the portal's /api proxy.
const QUEUE_DASHBOARD_URL = '/api/admin/queues';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('support');
  return { title: t('title') };
}

type SupportPageProps = { searchParams: Promise<{ sitzung?: string | string[] }> };

/** Support-Konsole: find a tenant, look at its mailboxes, start acting for it. */
export default async function SupportPage({ searchParams }: SupportPageProps) {
  const t = await getTranslations('support');
  // Set by the portal when the API has just ended a support session that ran out of time.
  const hasExpired = (await searchParams).sitzung === 'abgelaufen';
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <a
            href={QUEUE_DASHBOARD_URL}
            target="_blank"
            rel="noopener"
            className={buttonClass('secondary')}
          >
            {t('queueDashboard')}
            <span className="sr-only"> {t('queueDashboardHint')}</span>
          </a>
        }
      />
      {hasExpired ? (
        <div className="mb-6">
          <FormAlert tone="warning">{t('sessionExpired')}</FormAlert>
        </div>
      ) : null}
      <SupportConsole />
    </>
  );
}

import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/page-header';
import { buttonClass } from '@/lib/ui';
import { SupportConsole } from './support-console';

// The API's read-only BullMQ dashboard (support only), served through the portal's /api proxy.
const QUEUE_DASHBOARD_URL = '/api/admin/queues';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('support');
  return { title: t('title') };
}

/** Support-Konsole: find a tenant, look at its mailboxes, start acting for it. */
export default async function SupportPage() {
  const t = await getTranslations('support');
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
      <SupportConsole />
    </>
  );
}

import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { OverviewDashboard } from './overview-dashboard';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('overview');
  return { title: t('title') };
}

export default function OverviewPage() {
  return <OverviewDashboard />;
}

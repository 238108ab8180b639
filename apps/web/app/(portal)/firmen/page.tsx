import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CompanyList } from './company-list';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('companies');
  return { title: t('title') };
}

export default function CompaniesPage() {
  return <CompanyList />;
}

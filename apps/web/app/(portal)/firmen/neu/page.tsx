import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/page-header';
import { CompanyForm } from '../company-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('companies');
  return { title: t('createTitle') };
}

export default async function NewCompanyPage() {
  const t = await getTranslations('companies');
  return (
    <>
      <PageHeader title={t('createTitle')} description={t('createDescription')} />
      <CompanyForm />
    </>
  );
}

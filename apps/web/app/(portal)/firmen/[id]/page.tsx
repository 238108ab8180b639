import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CompanyEditor } from './company-editor';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('companies');
  return { title: t('editTitle') };
}

export default async function EditCompanyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CompanyEditor id={id} />;
}

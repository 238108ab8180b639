import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ROUTES } from '@/lib/routes';
import { LINK_CLASS } from '@/lib/ui';

export default async function NotFound() {
  const t = await getTranslations('errors');
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-semibold">{t('notFoundTitle')}</h1>
      <p className="mt-2 text-slate-700">{t('notFoundBody')}</p>
      <p className="mt-4">
        <Link href={ROUTES.overview} className={LINK_CLASS}>
          {t('toOverview')}
        </Link>
      </p>
    </main>
  );
}

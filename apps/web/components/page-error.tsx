'use client';

import { useTranslations } from 'next-intl';
import { buttonClass } from '@/lib/ui';
import { FormAlert } from './form-alert';

/** What an error boundary shows: mostly the API being down while a page renders. */
export function PageError({ reset }: { reset: () => void }) {
  const t = useTranslations('errors');
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('pageTitle')}</h1>
      <FormAlert>{t('pageBody')}</FormAlert>
      <button type="button" className={buttonClass('secondary')} onClick={reset}>
        {t('retry')}
      </button>
    </div>
  );
}

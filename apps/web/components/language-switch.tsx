import { getLocale, getTranslations } from 'next-intl/server';
import { LOCALES } from '@/i18n/locales';
import { setLocale } from '@/lib/set-locale';

const BUTTON_BASE =
  'rounded px-2 py-1 text-sm font-medium ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700';

/**
 * Deutsch / English. A plain form posting to a Server Action, so it works before the page
 * has hydrated; each language is named in itself, as users look for their own language.
 */
export async function LanguageSwitch() {
  const t = await getTranslations('language');
  const current = await getLocale();

  return (
    <form action={setLocale}>
      <fieldset className="flex items-center gap-1">
        <legend className="sr-only">{t('label')}</legend>
        {LOCALES.map((locale) => {
          const isCurrent = locale === current;
          const tone = isCurrent
            ? 'bg-slate-800 text-white'
            : 'text-slate-800 underline-offset-2 hover:underline';
          return (
            <button
              key={locale}
              type="submit"
              name="locale"
              value={locale}
              lang={locale}
              aria-pressed={isCurrent}
              className={`${BUTTON_BASE} ${tone}`}
            >
              {t(locale)}
            </button>
          );
        })}
      </fieldset>
    </form>
  );
}

export const LOCALES = ['de', 'en'] as const;

export type Locale = (typeof LOCALES)[number];

/** German first: the customers are German trade firms. */
export const DEFAULT_LOCALE: Locale = 'de';

/** The cookie next-intl's own middleware would use; we set it from a Server Action. */
export const LOCALE_COOKIE = 'NEXT_LOCALE';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

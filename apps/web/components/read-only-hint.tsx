'use client';

import { useTranslations } from 'next-intl';
import { useSettings } from './settings-provider';

/** Id of the hint, for the aria-describedby of the buttons it explains. */
export const READ_ONLY_HINT_ID = 'read-only-hint';

/** Whether changes are off because a support session is still read-only. */
export function useReadOnly(): boolean {
  return useSettings().isReadOnly;
}

/**
 * Says why the save button beside it is off: the support session is read-only until changes
 * are allowed in the banner above (which is logged).
 */
export function ReadOnlyHint({ id = READ_ONLY_HINT_ID }: { id?: string }) {
  const t = useTranslations('impersonation');
  if (!useReadOnly()) {
    return null;
  }
  return (
    <p id={id} className="text-sm text-violet-900">
      {t('readOnlyHint')}
    </p>
  );
}

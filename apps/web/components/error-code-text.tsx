'use client';

import { useTranslations } from 'next-intl';

type ErrorCodeTextProps = {
  code: string;
  /** Prefix "Fehlercode:" before the words, as in a list of findings. */
  withLabel?: boolean;
};

/**
 * A worker's error code in words ("Kein Microsoft-Konto angemeldet"), with the code itself
 * kept small beside it for support. A code the portal has no words for is shown as it is.
 */
export function ErrorCodeText({ code, withLabel = false }: ErrorCodeTextProps) {
  const t = useTranslations('errorCodes');
  const key = code.startsWith('AADSTS') ? 'microsoft' : code;
  const words = t.has(key) ? t(key) : undefined;
  return (
    <>
      {withLabel ? `${t('label')}: ` : null}
      {words ? (
        <>
          {words} <code className="text-xs text-slate-700">({code})</code>
        </>
      ) : (
        <code>{code}</code>
      )}
    </>
  );
}

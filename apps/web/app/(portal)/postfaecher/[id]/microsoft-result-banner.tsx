'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { AdminConsentLink } from '@/components/admin-consent-link';
import type { MicrosoftAccount } from '@/lib/api-types';
import { needsAdminConsent, toReasonKey, toShownCode } from '@/lib/microsoft-reasons';

/** What the API's callback reported in the URL: `?microsoft=linked|error&reason=...`. */
export type MicrosoftResult = { outcome: 'linked' } | { outcome: 'error'; reason?: string };

const BANNER_BASE =
  'rounded-md border-l-4 px-4 py-3 text-sm ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700';

type MicrosoftResultBannerProps = { result: MicrosoftResult; account: MicrosoftAccount | null };

/**
 * The answer to the trip to Microsoft. It takes the focus when the card opens, because a
 * live region rendered with the page is not reliably announced.
 */
export function MicrosoftResultBanner({ result, account }: MicrosoftResultBannerProps) {
  const t = useTranslations('mailboxCard.microsoftResult');
  const tReason = useTranslations('microsoftReasons');
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    ref.current?.focus();
  }, []);

  if (result.outcome === 'linked') {
    return (
      <div
        ref={ref}
        tabIndex={-1}
        role="status"
        className={`${BANNER_BASE} border-green-700 bg-green-50 text-green-950`}
      >
        <p className="font-semibold">{t('linkedTitle')}</p>
        {account ? <p>{t('linkedAs', { account: account.upn })}</p> : null}
        <p>{t('linkedNext')}</p>
      </div>
    );
  }

  const key = toReasonKey(result.reason, (candidate) => tReason.has(`${candidate}.what`));
  const code = toShownCode(result.reason);
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      className={`${BANNER_BASE} border-red-700 bg-red-50 text-red-950`}
    >
      <p className="font-semibold">{t('errorTitle')}</p>
      <p>{tReason(`${key}.what`)}</p>
      <p className="mt-1">
        <strong>{t('whatToDo')}</strong> {tReason(`${key}.todo`)}
      </p>
      {needsAdminConsent(key) ? <AdminConsentLink /> : null}
      {code ? (
        <p className="mt-1 text-xs text-slate-800">
          {t('code')}: <code>{code}</code>
        </p>
      ) : null}
    </div>
  );
}

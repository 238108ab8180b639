'use client';

import { useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import { buttonClass, INPUT_CLASS } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';

/**
 * Microsoft's admin-consent link for Postwerk (built by the API from its configuration), to
 * copy and hand to the Microsoft 365 administrator when only an administrator may consent
 * (AADSTS65001, AADSTS90094). It holds nothing secret, so the public pages show it too.
 */
export function AdminConsentLink() {
  const t = useTranslations('adminConsent');
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const query = useApiQuery<{ url: string }>('/api/microsoft/admin-consent-url');
  const url = query.data?.url;

  async function copy() {
    if (!url) {
      return;
    }
    try {
      await navigator.clipboard.writeText(url);
      setCopyState('copied');
    } catch {
      // No clipboard permission (or no secure context): select it for Ctrl+C instead.
      inputRef.current?.select();
      setCopyState('manual');
    }
  }

  if (query.error) {
    return <p className="text-sm">{t('unavailable')}</p>;
  }
  return (
    <div className="mt-2 space-y-2 rounded-md border border-slate-400 bg-white p-3 text-slate-900">
      <label htmlFor={`${id}-url`} className="block text-sm font-medium">
        {t('label')}
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          ref={inputRef}
          id={`${id}-url`}
          readOnly
          value={url ?? ''}
          aria-describedby={`${id}-hint`}
          onFocus={(event) => event.target.select()}
          // Enter would otherwise submit a surrounding form (the mailbox card).
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
            }
          }}
          className={`${INPUT_CLASS} min-w-0 flex-1 font-mono`}
        />
        <button
          type="button"
          className={buttonClass('secondary')}
          disabled={!url}
          onClick={() => void copy()}
        >
          {t('copy')}
        </button>
      </div>
      <p id={`${id}-hint`} className="text-sm text-slate-800">
        {t('hint')}
      </p>
      <p role="status" className="text-sm font-medium">
        {copyState === 'idle' ? '' : t(copyState === 'copied' ? 'copied' : 'copyManually')}
      </p>
    </div>
  );
}

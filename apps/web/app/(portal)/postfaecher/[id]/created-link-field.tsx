'use client';

import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { DateTime } from '@/components/date-time';
import type { CreatedConsentLink } from '@/lib/api-types';
import { buttonClass, INPUT_CLASS } from '@/lib/ui';

/** The new link, selectable and copyable; it cannot be shown again after leaving the page. */
export function CreatedLinkField({ link }: { link: CreatedConsentLink }) {
  const t = useTranslations('mailboxCard.consentLinks');
  const inputRef = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'manual'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(link.url);
      setCopyState('copied');
    } catch {
      // No clipboard permission (or no secure context): select it for Ctrl+C instead.
      inputRef.current?.select();
      setCopyState('manual');
    }
  }

  return (
    <div className="space-y-2 rounded-md border border-green-700 bg-green-50 p-3">
      <label htmlFor="consent-link-url" className="block text-sm font-medium">
        {t('newLink')}
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          ref={inputRef}
          id="consent-link-url"
          readOnly
          value={link.url}
          aria-describedby="consent-link-url-hint"
          onFocus={(event) => event.target.select()}
          // Enter would otherwise submit (and save) the mailbox card around this field.
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
            }
          }}
          className={`${INPUT_CLASS} min-w-0 flex-1 font-mono`}
        />
        <button type="button" className={buttonClass('primary')} onClick={() => void copy()}>
          {t('copy')}
        </button>
      </div>
      <p id="consent-link-url-hint" className="text-sm text-slate-800">
        {t('shownOnce')} {t('validUntil')} <DateTime value={link.expiresAt} />.
      </p>
      <p role="status" className="text-sm font-medium text-green-900">
        {copyState === 'idle' ? '' : t(copyState === 'copied' ? 'copied' : 'copyManually')}
      </p>
    </div>
  );
}

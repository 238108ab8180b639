'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { CreatedApiKey } from '@/lib/api-types';
import { buttonClass, INPUT_CLASS } from '@/lib/ui';

type CreatedKeyFieldProps = { created: CreatedApiKey; onDone: () => void };

/**
 * The new key, selectable and copyable, with the warning that it is shown only now: the API
 * keeps a hash, so nobody (not even support) can show it again.
 */
export function CreatedKeyField({ created, onDone }: CreatedKeyFieldProps) {
  const t = useTranslations('apiAccess');
  const inputRef = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'manual'>('idle');

  // Focus lands on the key, so keyboard and screen-reader users find it right away.
  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopyState('copied');
    } catch {
      // No clipboard permission (or no secure context): select it for Ctrl+C instead.
      inputRef.current?.select();
      setCopyState('manual');
    }
  }

  return (
    <div className="space-y-2 rounded-md border-l-4 border-amber-600 bg-amber-50 p-3">
      <label htmlFor="created-api-key" className="block text-sm font-medium text-slate-900">
        {t('newKey', { name: created.name })}
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          ref={inputRef}
          id="created-api-key"
          readOnly
          value={created.key}
          aria-describedby="created-api-key-warning"
          onFocus={(event) => event.target.select()}
          className={`${INPUT_CLASS} min-w-0 flex-1 font-mono`}
        />
        <button type="button" className={buttonClass('primary')} onClick={() => void copy()}>
          {t('copy')}
        </button>
      </div>
      <p id="created-api-key-warning" className="text-sm font-medium text-amber-950">
        {t('shownOnce')}
      </p>
      <p role="status" className="text-sm font-medium text-green-900">
        {copyState === 'idle' ? '' : t(copyState === 'copied' ? 'copied' : 'copyManually')}
      </p>
      <button type="button" className={buttonClass('secondary')} onClick={onDone}>
        {t('done')}
      </button>
    </div>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { QueryState } from '@/components/query-state';
import { useSettings } from '@/components/settings-provider';
import type { Settings } from '@/lib/api-types';
import { useApiQuery } from '@/lib/use-api-query';
import { SettingsForm } from './settings-form';

/**
 * Loads fresh settings into the shared context and edits them from there. The logging
 * banner writes to the same context, so a switch-off there resets this form (by key) instead
 * of letting a later save quietly switch logging back on.
 */
export function SettingsEditor() {
  const t = useTranslations('common');
  const { settings, setSettings } = useSettings();
  const query = useApiQuery<Settings>('/api/settings');
  const [savedAt, setSavedAt] = useState<string>();

  useEffect(() => {
    if (query.data) {
      setSettings(query.data);
    }
  }, [query.data, setSettings]);

  function onSaved(reply: Settings) {
    setSettings(reply);
    setSavedAt(reply.updatedAt);
  }

  return (
    <QueryState query={query}>
      {(loaded) => {
        const current = settings ?? loaded;
        // The notice lives here: saving changes the form's key, which remounts the form.
        const isJustSaved = savedAt !== undefined && savedAt === current.updatedAt;
        return (
          <>
            {/* Always rendered: a live region must exist before its text changes. */}
            <div role="status" className="text-sm font-medium text-green-800">
              {isJustSaved ? <p className="mb-4">{t('saved')}</p> : null}
            </div>
            <SettingsForm key={current.updatedAt} initial={current} onSaved={onSaved} />
          </>
        );
      }}
    </QueryState>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { apiFetch } from '@/lib/api-client';
import type { Settings } from '@/lib/api-types';
import { buttonClass } from '@/lib/ui';
import { useDescribeError } from '@/lib/use-describe-error';
import { useSettings } from './settings-provider';

const BANNER_ROW_CLASS =
  'mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3';

/**
 * Session logs show every mailbox's traffic, so while any logging is on this reminder sits
 * on every page with one button that switches all logging off.
 */
export function LoggingBanner() {
  const t = useTranslations('loggingBanner');
  const describe = useDescribeError();
  const { settings, setSettings } = useSettings();
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  if (!settings || !(settings.logSmtpSessions || settings.logPop3Sessions)) {
    return null;
  }
  const current = settings;

  async function switchOff() {
    setBusy(true);
    setError(undefined);
    try {
      const { updatedAt: _ignored, ...body } = current;
      const reply = await apiFetch<Settings>('/api/settings', {
        method: 'PUT',
        body: { ...body, logSmtpSessions: false, logPop3Sessions: false },
      });
      setSettings(reply);
    } catch (caught) {
      setError(describe(caught));
    } finally {
      setBusy(false);
    }
  }

  const which = whichLogs(current);
  return (
    <aside aria-label={t('label')} className="border-b border-amber-600 bg-amber-50">
      <div className={BANNER_ROW_CLASS}>
        <p className="text-sm text-amber-950">
          <strong>{t(`title.${which}`)}</strong> {t('body')}
        </p>
        <button
          type="button"
          className={buttonClass('secondary')}
          disabled={isBusy}
          onClick={() => void switchOff()}
        >
          {t('switchOff')}
        </button>
        {error ? (
          <p role="alert" className="w-full text-sm font-medium text-red-800">
            {error}
          </p>
        ) : null}
      </div>
    </aside>
  );
}

function whichLogs(settings: Settings): 'both' | 'smtp' | 'pop3' {
  if (settings.logSmtpSessions && settings.logPop3Sessions) {
    return 'both';
  }
  return settings.logSmtpSessions ? 'smtp' : 'pop3';
}

'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { apiFetch } from '@/lib/api-client';
import type { Settings } from '@/lib/api-types';
import { useDescribeError } from '@/lib/use-describe-error';
import { useSettings } from './settings-provider';

// One line with its button on a tablet: the reminder sits on every page and must not push
// the content down. The full explanation is in the settings and above the session logs.
const BANNER_ROW_CLASS =
  'mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-3 gap-y-1 px-4 py-1.5';

const SWITCH_OFF_CLASS =
  'shrink-0 rounded-md border border-slate-500 bg-white px-3 py-1 text-sm font-medium ' +
  'text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 ' +
  'focus-visible:outline-blue-700 disabled:cursor-not-allowed disabled:opacity-60';

/**
 * Session logs show every mailbox's traffic, so while any logging is on this reminder sits
 * on every page with one button that switches all logging off.
 */
export function LoggingBanner() {
  const t = useTranslations('loggingBanner');
  const describe = useDescribeError();
  const { settings, setSettings, isReadOnly } = useSettings();
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
        <p className="min-w-0 flex-1 text-sm text-amber-950">
          <strong>{t(`title.${which}`)}</strong> {t('short')}
        </p>
        <button
          type="button"
          className={SWITCH_OFF_CLASS}
          disabled={isBusy || isReadOnly}
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

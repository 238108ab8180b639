'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { FormAlert } from '@/components/form-alert';
import { useSettings } from '@/components/settings-provider';
import { ROUTES } from '@/lib/routes';
import { LINK_CLASS } from '@/lib/ui';

/**
 * The logs show every mailbox's traffic, so this page says so every time, and whether new
 * sessions are being recorded right now. Switching off is one click in the banner above.
 */
export function LoggingReminder() {
  const t = useTranslations('sessionLogs.reminder');
  const { settings } = useSettings();
  const isLogging = Boolean(settings?.logSmtpSessions || settings?.logPop3Sessions);

  return (
    <FormAlert tone={isLogging ? 'warning' : 'info'}>
      <p>{t('body')}</p>
      <p className="mt-1">
        {isLogging ? t('on') : t('off')}{' '}
        <Link href={ROUTES.settings} className={LINK_CLASS}>
          {t('toSettings')}
        </Link>
      </p>
    </FormAlert>
  );
}

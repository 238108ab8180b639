'use client';

import { useTranslations } from 'next-intl';
import { describedBy, FieldMessages } from '@/components/field-messages';
import type { Settings } from '@/lib/api-types';

type SendRoute = Settings['sendRoute'];

const ROUTES: readonly SendRoute[] = ['RELAY', 'EXTERNAL'];

type SendRouteFieldProps = {
  value: SendRoute;
  onChange: (route: SendRoute) => void;
  error?: string;
};

/** Über Relay-Server oder über externen Postausgangsserver, each with what it means. */
export function SendRouteField({ value, onChange, error }: SendRouteFieldProps) {
  const t = useTranslations('settings.sendRoute');

  return (
    <fieldset aria-describedby={describedBy({ id: 'sendRoute', error })}>
      <legend className="mb-2 text-sm font-medium text-slate-900">{t('legend')}</legend>
      <div className="space-y-3">
        {ROUTES.map((route) => (
          <div key={route} className="flex items-start gap-3">
            <input
              id={`sendRoute-${route}`}
              type="radio"
              name="sendRoute"
              value={route}
              checked={value === route}
              onChange={() => onChange(route)}
              aria-describedby={`sendRoute-${route}-hint`}
              className="mt-0.5 size-5 shrink-0 accent-blue-700"
            />
            <div>
              <label htmlFor={`sendRoute-${route}`} className="text-sm font-medium">
                {t(`${route}.label`)}
              </label>
              <p id={`sendRoute-${route}-hint`} className="mt-1 text-sm text-slate-700">
                {t(`${route}.hint`)}
              </p>
            </div>
          </div>
        ))}
      </div>
      <FieldMessages id="sendRoute" error={error} />
    </fieldset>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { CheckboxField } from '@/components/checkbox-field';
import { FormAlert } from '@/components/form-alert';
import { ReadOnlyHint, useReadOnly } from '@/components/read-only-hint';
import { SectionCard } from '@/components/section-card';
import { apiFetch } from '@/lib/api-client';
import type { Settings } from '@/lib/api-types';
import { buttonClass } from '@/lib/ui';
import { useFormSubmit } from '@/lib/use-form-submit';
import { SendRouteField } from './send-route-field';

const FIELDS = [
  'sendRoute',
  'directConnection',
  'logSmtpSessions',
  'fetchFromIncoming',
  'logPop3Sessions',
  'serversPerCompany',
  'gobdDuplication',
] as const;

type Flag = Exclude<(typeof FIELDS)[number], 'sendRoute'>;

type SettingsFormProps = { initial: Settings; onSaved: (settings: Settings) => void };

export function SettingsForm({ initial, onSaved }: SettingsFormProps) {
  const t = useTranslations('settings');
  const tCommon = useTranslations('common');
  const { updatedAt: _updatedAt, ...start } = initial;
  const [values, setValues] = useState<Settings>(start);
  const { formRef, errors, isSubmitting, submit, clearFieldError } = useFormSubmit(FIELDS);
  const isReadOnly = useReadOnly();

  function flag(name: Flag) {
    return {
      id: name,
      label: t(`${name}.label`),
      hint: t(`${name}.hint`),
      checked: values[name],
      error: errors.fields[name],
      onChange: (checked: boolean) => {
        setValues((current) => ({ ...current, [name]: checked }));
        clearFieldError(name);
      },
    };
  }

  const onSubmit = submit(async () => {
    const reply = await apiFetch<Settings>('/api/settings', { method: 'PUT', body: values });
    onSaved(reply);
  });

  const isExternal = values.sendRoute === 'EXTERNAL';
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-6">
      {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
      <SectionCard id="sending" title={t('sending.title')}>
        <SendRouteField
          value={values.sendRoute}
          error={errors.fields.sendRoute}
          onChange={(sendRoute) => setValues((current) => ({ ...current, sendRoute }))}
        />
        <CheckboxField {...flag('directConnection')} />
        {isExternal && !values.directConnection ? (
          <FormAlert tone="warning">{t('directConnection.needed')}</FormAlert>
        ) : null}
        {!isExternal && values.directConnection ? (
          <FormAlert tone="info">{t('directConnection.onlyExternal')}</FormAlert>
        ) : null}
        <CheckboxField {...flag('logSmtpSessions')} />
      </SectionCard>
      <SectionCard id="receiving" title={t('receiving.title')}>
        <FormAlert tone="info">{t('receiving.relayKeepsArriving')}</FormAlert>
        <CheckboxField {...flag('fetchFromIncoming')} />
        <CheckboxField {...flag('logPop3Sessions')} />
      </SectionCard>
      <SectionCard id="other" title={t('other.title')}>
        <CheckboxField {...flag('serversPerCompany')} />
        <CheckboxField {...flag('gobdDuplication')} />
        <FormAlert tone={values.gobdDuplication && values.fetchFromIncoming ? 'warning' : 'info'}>
          {t('gobdDuplication.limit')}
        </FormAlert>
      </SectionCard>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          className={buttonClass('primary')}
          disabled={isSubmitting || isReadOnly}
          aria-describedby={isReadOnly ? 'settings-read-only' : undefined}
        >
          {isSubmitting ? tCommon('saving') : tCommon('save')}
        </button>
        <ReadOnlyHint id="settings-read-only" />
      </div>
    </form>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { FormAlert } from '@/components/form-alert';
import { EmptyState, QueryState } from '@/components/query-state';
import { SectionCard } from '@/components/section-card';
import { TextField } from '@/components/text-field';
import { apiFetch } from '@/lib/api-client';
import type { ApiKey, CreatedApiKey } from '@/lib/api-types';
import { buttonClass } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';
import { useFormSubmit } from '@/lib/use-form-submit';
import { ApiKeyTable } from './api-key-table';
import { CreatedKeyField } from './created-key-field';

const FIELDS = ['name'] as const;

/** Create a key (shown once), and the list of keys with their last use and a revoke button. */
export function ApiKeyPanel() {
  const t = useTranslations('apiAccess');
  const keys = useApiQuery<ApiKey[]>('/api/api-keys');
  const { formRef, errors, isSubmitting, submit, clearFieldError } = useFormSubmit(FIELDS);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey>();

  const create = submit(async () => {
    setCreated(await apiFetch<CreatedApiKey>('/api/api-keys', { method: 'POST', body: { name } }));
    setName('');
    keys.reload();
  });

  async function revoke(key: ApiKey) {
    await apiFetch(`/api/api-keys/${encodeURIComponent(key.id)}`, { method: 'DELETE' });
    if (created?.id === key.id) {
      setCreated(undefined);
    }
    keys.reload();
  }

  return (
    <SectionCard id="api-keys" title={t('keysTitle')} description={t('keysDescription')}>
      <form ref={formRef} onSubmit={create} noValidate className="space-y-3">
        {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
        <TextField
          id="name"
          label={t('name')}
          hint={t('nameHint')}
          value={name}
          required
          error={errors.fields.name}
          onChange={(value) => {
            setName(value);
            clearFieldError('name');
          }}
          className="max-w-xl"
        />
        <button type="submit" className={buttonClass('primary')} disabled={isSubmitting}>
          {t('create')}
        </button>
      </form>
      {created ? <CreatedKeyField created={created} onDone={() => setCreated(undefined)} /> : null}
      <QueryState
        query={keys}
        isEmpty={(data) => data.length === 0}
        empty={<EmptyState title={t('noKeys')} />}
      >
        {(data) => <ApiKeyTable keys={data} onRevoke={revoke} />}
      </QueryState>
    </SectionCard>
  );
}

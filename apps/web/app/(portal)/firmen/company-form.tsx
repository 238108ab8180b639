'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { FormAlert } from '@/components/form-alert';
import { ReadOnlyHint, useReadOnly } from '@/components/read-only-hint';
import { TextField } from '@/components/text-field';
import { apiFetch } from '@/lib/api-client';
import type { Company, CompanyInput } from '@/lib/api-types';
import { formatDomains, parseDomains } from '@/lib/domains';
import { ROUTES } from '@/lib/routes';
import { buttonClass, CARD_CLASS } from '@/lib/ui';
import { useFormSubmit } from '@/lib/use-form-submit';

const FIELDS = ['name', 'domains'] as const;

type CompanyFormProps = {
  /** The company to edit; without it the form creates one. */
  company?: Company;
  onSaved?: (company: Company) => void;
};

export function CompanyForm({ company, onSaved }: CompanyFormProps) {
  const t = useTranslations('companies');
  const tCommon = useTranslations('common');
  const router = useRouter();
  const [name, setName] = useState(company?.name ?? '');
  const [domains, setDomains] = useState(formatDomains(company?.domains ?? []));
  const [saved, setSaved] = useState(false);
  const { formRef, errors, isSubmitting, submit, clearFieldError } = useFormSubmit(FIELDS);
  const isReadOnly = useReadOnly();

  const onSubmit = submit(async () => {
    setSaved(false);
    const body: CompanyInput = { name: name.trim(), domains: parseDomains(domains) };
    if (!company) {
      await apiFetch<Company>('/api/companies', { method: 'POST', body });
      router.push(ROUTES.companies);
      return;
    }
    const reply = await apiFetch<Company>(`/api/companies/${company.id}`, { method: 'PUT', body });
    setDomains(formatDomains(reply.domains));
    setSaved(true);
    onSaved?.(reply);
  });

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className={`${CARD_CLASS} space-y-4`}>
      {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
      {saved ? <FormAlert tone="success">{tCommon('saved')}</FormAlert> : null}
      <TextField
        id="name"
        label={t('name')}
        required
        value={name}
        onChange={(value) => {
          setName(value);
          clearFieldError('name');
        }}
        error={errors.fields.name}
      />
      <TextField
        id="domains"
        label={t('domains')}
        hint={t('domainsHint')}
        rows={4}
        value={domains}
        onChange={(value) => {
          setDomains(value);
          clearFieldError('domains');
        }}
        error={errors.fields.domains}
      />
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="submit"
          className={buttonClass('primary')}
          disabled={isSubmitting || isReadOnly}
          aria-describedby={isReadOnly ? 'company-read-only' : undefined}
        >
          {isSubmitting ? tCommon('saving') : tCommon('save')}
        </button>
        <button
          type="button"
          className={buttonClass('secondary')}
          onClick={() => router.push(ROUTES.companies)}
        >
          {company ? tCommon('back') : tCommon('cancel')}
        </button>
        <ReadOnlyHint id="company-read-only" />
      </div>
    </form>
  );
}

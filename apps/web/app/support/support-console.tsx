'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { EmptyState, QueryState } from '@/components/query-state';
import { SectionCard } from '@/components/section-card';
import { TextField } from '@/components/text-field';
import type { SupportTenant } from '@/lib/api-types';
import { buttonClass } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';
import { TenantDetail } from './tenant-detail';

/** Search on the left of the flow, the chosen tenant and its start form below. */
export function SupportConsole() {
  const t = useTranslations('support');
  const [input, setInput] = useState('');
  const [query, setQuery] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string>();
  const path = query === null ? null : `/api/support/tenants?query=${encodeURIComponent(query)}`;
  const results = useApiQuery<{ tenants: SupportTenant[] }>(path);

  function search(event: FormEvent) {
    event.preventDefault();
    setSelectedId(undefined);
    setQuery(input.trim());
  }

  return (
    <div className="space-y-6">
      <SectionCard id="search" title={t('searchTitle')}>
        <form onSubmit={search} className="flex flex-wrap items-end gap-3">
          <TextField
            id="tenant-query"
            label={t('searchLabel')}
            hint={t('searchHint')}
            value={input}
            onChange={setInput}
            className="min-w-64 flex-1"
          />
          <button type="submit" className={buttonClass('primary')}>
            {t('search')}
          </button>
        </form>
        {path ? (
          <QueryState
            query={results}
            isEmpty={(data) => data.tenants.length === 0}
            empty={<EmptyState title={t('noResults')} />}
          >
            {(data) => (
              <ul aria-label={t('results')} className="divide-y divide-slate-200">
                {data.tenants.map((tenant) => (
                  <li
                    key={tenant.id}
                    className="flex flex-wrap items-center justify-between gap-3 py-2"
                  >
                    <div>
                      <p className="font-medium text-slate-900">{tenant.name}</p>
                      <p className="text-sm text-slate-700">
                        {tenant.slug}
                        {tenant.requireSupportApproval ? ` · ${t('approvalRequired')}` : ''}
                      </p>
                    </div>
                    <button
                      type="button"
                      className={buttonClass('secondary')}
                      aria-label={t('openTenant', { name: tenant.name })}
                      aria-pressed={selectedId === tenant.id}
                      onClick={() => setSelectedId(tenant.id)}
                    >
                      {t('open')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </QueryState>
        ) : null}
      </SectionCard>
      {selectedId ? <TenantDetail key={selectedId} tenantId={selectedId} /> : null}
    </div>
  );
}

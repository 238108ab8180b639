'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { DeleteButton } from '@/components/delete-button';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { apiFetch } from '@/lib/api-client';
import type { Company } from '@/lib/api-types';
import { ROUTES } from '@/lib/routes';
import { useApiQuery } from '@/lib/use-api-query';
import { CompanyForm } from '../company-form';
import { DeliverabilityPanel } from './deliverability-panel';

export function CompanyEditor({ id }: { id: string }) {
  const t = useTranslations('companies');
  const router = useRouter();
  const company = useApiQuery<Company>(`/api/companies/${encodeURIComponent(id)}`);

  return (
    <>
      <PageHeader title={company.data?.name ?? t('editTitle')} description={t('editDescription')} />
      <QueryState query={company}>
        {(data) => (
          <div className="space-y-6">
            <CompanyForm company={data} onSaved={company.reload} />
            <DeliverabilityPanel companyId={data.id} />
            <DeleteButton
              label={t('delete')}
              confirmText={t('deleteConfirm', { name: data.name })}
              onDelete={async () => {
                await apiFetch(`/api/companies/${data.id}`, { method: 'DELETE' });
                router.push(ROUTES.companies);
              }}
            />
          </div>
        )}
      </QueryState>
    </>
  );
}

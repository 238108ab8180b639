'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import type { Company } from '@/lib/api-types';
import { companyRoute, ROUTES } from '@/lib/routes';
import { buttonClass, LINK_CLASS, TABLE_CLASS, TD_CLASS, TH_CLASS } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';

export function CompanyList() {
  const t = useTranslations('companies');
  const companies = useApiQuery<Company[]>('/api/companies');

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <Link href={ROUTES.newCompany} className={buttonClass('primary')}>
            {t('create')}
          </Link>
        }
      />
      <QueryState
        query={companies}
        isEmpty={(data) => data.length === 0}
        empty={<EmptyState title={t('empty')}>{t('emptyHint')}</EmptyState>}
      >
        {(data) => (
          <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
            <table className={TABLE_CLASS}>
              <caption className="sr-only">{t('title')}</caption>
              <thead className="bg-slate-100">
                <tr>
                  <th scope="col" className={TH_CLASS}>
                    {t('name')}
                  </th>
                  <th scope="col" className={TH_CLASS}>
                    {t('domains')}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {data.map((company) => (
                  <tr key={company.id}>
                    <th scope="row" className={`${TD_CLASS} font-normal`}>
                      <Link href={companyRoute(company.id)} className={LINK_CLASS}>
                        {company.name}
                      </Link>
                    </th>
                    <td className={TD_CLASS}>
                      {company.domains.length > 0 ? company.domains.join(', ') : t('noDomains')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </>
  );
}

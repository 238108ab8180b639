'use client';

import { useTranslations } from 'next-intl';
import { DateTime } from '@/components/date-time';
import { EmptyState, QueryState } from '@/components/query-state';
import { SectionCard } from '@/components/section-card';
import { StatusBadge } from '@/components/status-badge';
import type { SupportTenantDetail } from '@/lib/api-types';
import { TABLE_CLASS, TD_CLASS, TH_CLASS } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';
import { StartImpersonationForm } from './start-impersonation-form';

/** One tenant as support sees it: mailbox states (never secrets) and the start form. */
export function TenantDetail({ tenantId }: { tenantId: string }) {
  const t = useTranslations('support');
  const query = useApiQuery<SupportTenantDetail>(
    `/api/support/tenants/${encodeURIComponent(tenantId)}`,
  );

  return (
    <QueryState query={query}>
      {(tenant) => (
        <>
          <SectionCard
            id="tenant"
            title={tenant.name}
            description={tenant.requireSupportApproval ? t('approvalRequired') : undefined}
          >
            {tenant.mailboxes.length === 0 ? (
              <EmptyState title={t('noMailboxes')} />
            ) : (
              <div className="overflow-x-auto">
                <table className={TABLE_CLASS}>
                  <caption className="sr-only">{t('mailboxes')}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className={TH_CLASS}>
                        {t('mailbox')}
                      </th>
                      <th scope="col" className={TH_CLASS}>
                        {t('status')}
                      </th>
                      <th scope="col" className={TH_CLASS}>
                        {t('lastSent')}
                      </th>
                      <th scope="col" className={TH_CLASS}>
                        {t('lastPolled')}
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-200">
                    {tenant.mailboxes.map((mailbox) => (
                      <tr key={mailbox.id}>
                        <th scope="row" className={`${TD_CLASS} font-medium`}>
                          {mailbox.displayName}
                          <span className="block font-normal text-slate-700">
                            {mailbox.externalAddress}
                          </span>
                        </th>
                        <td className={TD_CLASS}>
                          <StatusBadge status={mailbox.status} />
                        </td>
                        <td className={TD_CLASS}>
                          <DateTime value={mailbox.lastSentAt} />
                        </td>
                        <td className={TD_CLASS}>
                          <DateTime value={mailbox.lastPolledAt} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </SectionCard>
          <StartImpersonationForm tenant={tenant} />
        </>
      )}
    </QueryState>
  );
}

'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { DateTime } from '@/components/date-time';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { StatusBadge } from '@/components/status-badge';
import type { Mailbox } from '@/lib/api-types';
import { mailboxRoute, ROUTES } from '@/lib/routes';
import { LINK_CLASS, TABLE_CLASS, TD_CLASS, TH_CLASS } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';
import { AttentionList } from './attention-list';
import { DeliverabilityChanges } from './deliverability-changes';
import { isNothingTested, NextSteps } from './next-steps';

/** Übersicht: every mailbox with its status, and first what needs the admin. */
export function OverviewDashboard() {
  const t = useTranslations('overview');
  const mailboxes = useApiQuery<Mailbox[]>('/api/mailboxes');

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <QueryState
        query={mailboxes}
        isEmpty={(data) => data.length === 0}
        empty={
          <div className="space-y-4">
            <EmptyState title={t('empty')}>
              <Link href={ROUTES.newMailbox} className={LINK_CLASS}>
                {t('createFirst')}
              </Link>
            </EmptyState>
            <NextSteps mailboxCount={0} />
          </div>
        }
      >
        {(data) => (
          <div className="space-y-8">
            {isNothingTested(data) ? <NextSteps mailboxCount={data.length} /> : null}
            <AttentionList mailboxes={data} hideAllClear={isNothingTested(data)} />
            <DeliverabilityChanges />
            <MailboxStatusTable mailboxes={data} />
          </div>
        )}
      </QueryState>
    </>
  );
}

function MailboxStatusTable({ mailboxes }: { mailboxes: Mailbox[] }) {
  const t = useTranslations('overview');
  const tKind = useTranslations('mailboxKind');

  return (
    <section aria-labelledby="status-table-title">
      <h2 id="status-table-title" className="mb-3 text-lg font-semibold">
        {t('allMailboxes')}
      </h2>
      <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
        <table className={TABLE_CLASS}>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className={TH_CLASS}>
                {t('mailbox')}
              </th>
              <th scope="col" className={TH_CLASS}>
                {t('kind')}
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
            {mailboxes.map((mailbox) => (
              <tr key={mailbox.id}>
                <th scope="row" className={`${TD_CLASS} font-normal`}>
                  <Link href={mailboxRoute(mailbox.id)} className={LINK_CLASS}>
                    {mailbox.code}
                  </Link>
                  <span className="block text-slate-700">{mailbox.displayName}</span>
                </th>
                <td className={TD_CLASS}>{tKind(mailbox.kind)}</td>
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
    </section>
  );
}

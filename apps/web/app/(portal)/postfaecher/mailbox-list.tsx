'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { StatusBadge } from '@/components/status-badge';
import type { Mailbox, MailboxKind } from '@/lib/api-types';
import { mailboxRoute, ROUTES } from '@/lib/routes';
import { buttonClass, LINK_CLASS, TABLE_CLASS, TD_CLASS, TH_CLASS } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';
import { KIND_QUERY_VALUE } from './mailbox-kind';

/** Postfächer: employees (Mitarbeiter) and public mailboxes in two lists. */
export function MailboxList() {
  const t = useTranslations('mailboxes');
  const mailboxes = useApiQuery<Mailbox[]>('/api/mailboxes');

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <>
            <Link href={newMailboxHref('EMPLOYEE')} className={buttonClass('primary')}>
              {t('createEmployee')}
            </Link>
            <Link href={newMailboxHref('PUBLIC')} className={buttonClass('secondary')}>
              {t('createPublic')}
            </Link>
          </>
        }
      />
      <QueryState query={mailboxes}>
        {(data) => (
          <div className="space-y-10">
            <MailboxTable kind="EMPLOYEE" mailboxes={data.filter((m) => m.kind === 'EMPLOYEE')} />
            <MailboxTable kind="PUBLIC" mailboxes={data.filter((m) => m.kind === 'PUBLIC')} />
          </div>
        )}
      </QueryState>
    </>
  );
}

function MailboxTable({ kind, mailboxes }: { kind: MailboxKind; mailboxes: Mailbox[] }) {
  const t = useTranslations('mailboxes');
  const headingId = `mailboxes-${kind.toLowerCase()}-title`;

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} className="mb-3 text-lg font-semibold">
        {t(`section.${kind}`)}
      </h2>
      {mailboxes.length === 0 ? (
        <EmptyState title={t(`empty.${kind}`)} />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
          <table className={TABLE_CLASS}>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className={TH_CLASS}>
                  {t('code')}
                </th>
                <th scope="col" className={TH_CLASS}>
                  {t('displayName')}
                </th>
                <th scope="col" className={TH_CLASS}>
                  {t('externalAddress')}
                </th>
                <th scope="col" className={TH_CLASS}>
                  {t('status')}
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
                  </th>
                  <td className={TD_CLASS}>{mailbox.displayName}</td>
                  <td className={`${TD_CLASS} break-all`}>{mailbox.externalAddress}</td>
                  <td className={TD_CLASS}>
                    <StatusBadge status={mailbox.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function newMailboxHref(kind: MailboxKind): string {
  return `${ROUTES.newMailbox}?art=${KIND_QUERY_VALUE[kind]}`;
}

'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { DateTime } from '@/components/date-time';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { SelectField } from '@/components/select-field';
import type { LogProtocol, Mailbox, SessionLogSummary } from '@/lib/api-types';
import { ROUTES, sessionLogRoute } from '@/lib/routes';
import { buttonClass, LINK_CLASS, TABLE_CLASS, TD_CLASS, TH_CLASS } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';
import { LoggingReminder } from './logging-reminder';
import { OutcomeText } from './outcome-text';

const LIMIT = 100;

type Filters = { mailboxId: string; protocol: LogProtocol | '' };

type SessionLogListProps = { initialMailboxId: string; initialProtocol: LogProtocol | '' };

/** The newest sessions first, filtered by mailbox and protocol; the filters live in the URL. */
export function SessionLogList({ initialMailboxId, initialProtocol }: SessionLogListProps) {
  const t = useTranslations('sessionLogs');
  const router = useRouter();
  const [filters, setFilters] = useState<Filters>({
    mailboxId: initialMailboxId,
    protocol: initialProtocol,
  });
  const mailboxes = useApiQuery<Mailbox[]>('/api/mailboxes');
  const logs = useApiQuery<SessionLogSummary[]>(logsPath(filters));
  const codes = new Map(mailboxes.data?.map((mailbox) => [mailbox.id, mailbox.code]));

  function change(next: Partial<Filters>) {
    const merged = { ...filters, ...next };
    setFilters(merged);
    // Replace, not push: the back button should leave the page, not step through filters.
    router.replace(pageUrl(merged), { scroll: false });
  }

  const mailboxOptions = [
    { value: '', label: t('allMailboxes') },
    ...(mailboxes.data ?? []).map((mailbox) => ({
      value: mailbox.id,
      label: `${mailbox.code} – ${mailbox.displayName}`,
    })),
  ];
  const protocolOptions = [
    { value: '', label: t('allProtocols') },
    { value: 'SMTP', label: t('protocol.SMTP') },
    { value: 'POP3', label: t('protocol.POP3') },
  ];

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <button
            type="button"
            className={buttonClass('secondary')}
            disabled={logs.isLoading}
            onClick={logs.reload}
          >
            {t('refresh')}
          </button>
        }
      />
      <div className="space-y-6">
        <LoggingReminder />
        <fieldset className="grid gap-4 md:grid-cols-2">
          <legend className="sr-only">{t('filters')}</legend>
          <SelectField
            id="filter-mailbox"
            label={t('mailbox')}
            value={filters.mailboxId}
            options={mailboxOptions}
            onChange={(mailboxId) => change({ mailboxId })}
          />
          <SelectField
            id="filter-protocol"
            label={t('protocolLabel')}
            value={filters.protocol}
            options={protocolOptions}
            onChange={(value) => change({ protocol: value as Filters['protocol'] })}
          />
        </fieldset>
        <QueryState
          query={logs}
          isEmpty={(data) => data.length === 0}
          empty={
            <EmptyState title={t('empty')}>
              {t('emptyHint')}{' '}
              <Link href={ROUTES.settings} className={LINK_CLASS}>
                {t('toSettings')}
              </Link>
            </EmptyState>
          }
        >
          {(data) => <SessionTable logs={data} codes={codes} />}
        </QueryState>
      </div>
    </>
  );
}

type SessionTableProps = { logs: SessionLogSummary[]; codes: Map<string, string> };

function SessionTable({ logs, codes }: SessionTableProps) {
  const t = useTranslations('sessionLogs');
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
      <table className={TABLE_CLASS}>
        <caption className="sr-only">{t('caption', { count: logs.length })}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className={TH_CLASS}>
              {t('startedAt')}
            </th>
            <th scope="col" className={TH_CLASS}>
              {t('protocolLabel')}
            </th>
            <th scope="col" className={TH_CLASS}>
              {t('mailbox')}
            </th>
            <th scope="col" className={TH_CLASS}>
              {t('host')}
            </th>
            <th scope="col" className={TH_CLASS}>
              {t('outcome')}
            </th>
            <th scope="col" className={`${TH_CLASS} text-right`}>
              {t('lines')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {logs.map((log) => (
            <tr key={log.id}>
              <th scope="row" className={`${TD_CLASS} font-normal`}>
                <Link href={sessionLogRoute(log.id)} className={LINK_CLASS}>
                  <DateTime value={log.startedAt} />
                </Link>
              </th>
              <td className={TD_CLASS}>{log.protocol}</td>
              <td className={TD_CLASS}>
                {log.mailboxId ? (codes.get(log.mailboxId) ?? '…') : t('noMailbox')}
              </td>
              <td className={`${TD_CLASS} break-all`}>{log.host}</td>
              <td className={TD_CLASS}>
                <OutcomeText outcome={log.outcome} />
              </td>
              <td className={`${TD_CLASS} text-right`}>{log.lineCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function logsPath({ mailboxId, protocol }: Filters): string {
  const query = new URLSearchParams({ limit: String(LIMIT) });
  if (mailboxId) {
    query.set('mailboxId', mailboxId);
  }
  if (protocol) {
    query.set('protocol', protocol);
  }
  return `/api/session-logs?${query}`;
}

function pageUrl({ mailboxId, protocol }: Filters): string {
  const query = new URLSearchParams();
  if (mailboxId) {
    query.set('postfach', mailboxId);
  }
  if (protocol) {
    query.set('protokoll', protocol);
  }
  const search = query.toString();
  return search ? `${ROUTES.sessionLogs}?${search}` : ROUTES.sessionLogs;
}

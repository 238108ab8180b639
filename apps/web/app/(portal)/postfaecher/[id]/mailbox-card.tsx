'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { useSettings } from '@/components/settings-provider';
import { StatusBadge } from '@/components/status-badge';
import type { Company, Mailbox, MailServer } from '@/lib/api-types';
import { SERVER_API_PATH } from '@/lib/api-types';
import { inboxRoute, mailboxRoute, mailboxSessionLogsRoute } from '@/lib/routes';
import { buttonClass } from '@/lib/ui';
import { type ApiQuery, useApiQuery } from '@/lib/use-api-query';
import { MailboxCardForm } from './mailbox-card-form';
import { type MicrosoftResult, MicrosoftResultBanner } from './microsoft-result-banner';

export type CardData = {
  mailbox: Mailbox;
  outgoing: MailServer[];
  incoming: MailServer[];
  companies: Company[];
};

type MailboxCardProps = { id: string; microsoftResult?: MicrosoftResult };

/** Loads the mailbox and everything its selects offer, then shows the card form. */
export function MailboxCard({ id, microsoftResult }: MailboxCardProps) {
  const t = useTranslations('mailboxCard');
  const { settings } = useSettings();
  const [result, setResult] = useState(microsoftResult);
  const mailbox = useApiQuery<Mailbox>(`/api/mailboxes/${encodeURIComponent(id)}`);
  const outgoing = useApiQuery<MailServer[]>(SERVER_API_PATH.outgoing);
  const incoming = useApiQuery<MailServer[]>(SERVER_API_PATH.incoming);
  // Companies matter only when each company may use its own servers.
  const needsCompanies = settings?.serversPerCompany === true;
  const companies = useApiQuery<Company[]>(needsCompanies ? '/api/companies' : null);
  const combined = combine({ mailbox, outgoing, incoming }, companies, needsCompanies);
  const reloadMailbox = mailbox.reload;

  useEffect(() => {
    // The banner is a one-time answer: a reload or a bookmark must not show it again.
    if (microsoftResult) {
      window.history.replaceState(null, '', mailboxRoute(id));
    }
  }, [microsoftResult, id]);

  const onChanged = useCallback(() => {
    setResult(undefined);
    reloadMailbox();
  }, [reloadMailbox]);

  const current = mailbox.data;
  const title = current ? `${current.code} – ${current.displayName}` : t('title');
  return (
    <>
      <PageHeader
        title={title}
        description={
          <>
            {t('description')}
            {current ? (
              <span className="mt-2 flex flex-wrap items-center gap-2 text-sm">
                {t('status')}: <StatusBadge status={current.status} />
              </span>
            ) : null}
          </>
        }
        actions={
          <>
            <Link href={inboxRoute(id)} className={buttonClass('secondary')}>
              {t('inbox')}
            </Link>
            <Link href={mailboxSessionLogsRoute(id)} className={buttonClass('secondary')}>
              {t('sessionLogs')}
            </Link>
          </>
        }
      />
      {result ? (
        <div className="mb-6">
          <MicrosoftResultBanner result={result} account={current?.microsoftAccount ?? null} />
        </div>
      ) : null}
      <QueryState query={combined}>
        {(data) => <MailboxCardForm data={data} onChanged={onChanged} />}
      </QueryState>
    </>
  );
}

type CardQueries = {
  mailbox: ApiQuery<Mailbox>;
  outgoing: ApiQuery<MailServer[]>;
  incoming: ApiQuery<MailServer[]>;
};

/** Several queries as one, so the page has a single loading and error state. */
function combine(
  queries: CardQueries,
  companies: ApiQuery<Company[]>,
  needsCompanies: boolean,
): ApiQuery<CardData> {
  const all = [queries.mailbox, queries.outgoing, queries.incoming, companies];
  const [mailbox, outgoing, incoming] = [
    queries.mailbox.data,
    queries.outgoing.data,
    queries.incoming.data,
  ];
  const hasCompanies = companies.data !== undefined || !needsCompanies;
  const data =
    mailbox && outgoing && incoming && hasCompanies
      ? { mailbox, outgoing, incoming, companies: companies.data ?? [] }
      : undefined;
  return {
    data,
    error: all.find((query) => query.error)?.error,
    isLoading: all.some((query) => query.isLoading),
    reload: () => {
      for (const query of all) {
        query.reload();
      }
    },
  };
}

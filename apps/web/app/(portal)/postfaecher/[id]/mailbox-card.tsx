'use client';

import { useTranslations } from 'next-intl';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { useSettings } from '@/components/settings-provider';
import type { Company, Mailbox, MailServer } from '@/lib/api-types';
import { SERVER_API_PATH } from '@/lib/api-types';
import { type ApiQuery, useApiQuery } from '@/lib/use-api-query';
import { MailboxCardForm } from './mailbox-card-form';

export type CardData = {
  mailbox: Mailbox;
  outgoing: MailServer[];
  incoming: MailServer[];
  companies: Company[];
};

/** Loads the mailbox and everything its selects offer, then shows the card form. */
export function MailboxCard({ id }: { id: string }) {
  const t = useTranslations('mailboxCard');
  const { settings } = useSettings();
  const mailbox = useApiQuery<Mailbox>(`/api/mailboxes/${encodeURIComponent(id)}`);
  const outgoing = useApiQuery<MailServer[]>(SERVER_API_PATH.outgoing);
  const incoming = useApiQuery<MailServer[]>(SERVER_API_PATH.incoming);
  // Companies matter only when each company may use its own servers.
  const needsCompanies = settings?.serversPerCompany === true;
  const companies = useApiQuery<Company[]>(needsCompanies ? '/api/companies' : null);
  const combined = combine({ mailbox, outgoing, incoming }, companies, needsCompanies);

  const title = mailbox.data ? `${mailbox.data.code} – ${mailbox.data.displayName}` : t('title');
  return (
    <>
      <PageHeader title={title} description={t('description')} />
      <QueryState query={combined}>
        {(data) => <MailboxCardForm data={data} onSaved={mailbox.reload} />}
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

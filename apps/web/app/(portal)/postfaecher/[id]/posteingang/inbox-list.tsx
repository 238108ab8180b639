'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { FormAlert } from '@/components/form-alert';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { apiFetch } from '@/lib/api-client';
import type { InboxItem, Mailbox } from '@/lib/api-types';
import { formatSize } from '@/lib/format-units';
import { inboxMessageRoute, mailboxRoute } from '@/lib/routes';
import { buttonClass, LINK_CLASS, TABLE_CLASS, TD_CLASS, TH_CLASS } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';
import { useDescribeError } from '@/lib/use-describe-error';
import { MessageDate, SenderName, SubjectText } from './message-fields';

const PAGE_SIZE = 50;

/** The newest messages first; older ones page in with "Ältere Nachrichten laden". */
export function InboxList({ mailboxId }: { mailboxId: string }) {
  const t = useTranslations('inbox');
  const describe = useDescribeError();
  const mailbox = useApiQuery<Mailbox>(`/api/mailboxes/${encodeURIComponent(mailboxId)}`);
  const firstPage = useApiQuery<InboxItem[]>(inboxPath(mailboxId));
  const [older, setOlder] = useState<InboxItem[]>([]);
  const [hasMoreOlder, setHasMoreOlder] = useState(true);
  const [isLoadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string>();

  function reload() {
    setOlder([]);
    setHasMoreOlder(true);
    setOlderError(undefined);
    firstPage.reload();
  }

  async function loadOlder(items: InboxItem[]) {
    const last = items.at(-1);
    if (!last) {
      return;
    }
    setLoadingOlder(true);
    setOlderError(undefined);
    try {
      const page = await apiFetch<InboxItem[]>(inboxPath(mailboxId, last.receivedAt));
      setOlder((current) => [...current, ...page]);
      setHasMoreOlder(page.length === PAGE_SIZE);
    } catch (caught) {
      setOlderError(describe(caught));
    } finally {
      setLoadingOlder(false);
    }
  }

  const code = mailbox.data?.code;
  return (
    <>
      <PageHeader
        title={code ? t('titleFor', { code }) : t('title')}
        description={t('description')}
        actions={
          <>
            <button
              type="button"
              className={buttonClass('secondary')}
              disabled={firstPage.isLoading}
              onClick={reload}
            >
              {t('refresh')}
            </button>
            <Link href={mailboxRoute(mailboxId)} className={buttonClass('secondary')}>
              {t('toCard')}
            </Link>
          </>
        }
      />
      <QueryState
        query={firstPage}
        isEmpty={(data) => data.length === 0}
        empty={<EmptyState title={t('empty')}>{t('emptyHint')}</EmptyState>}
      >
        {(data) => {
          const items = [...data, ...older];
          const canLoadOlder = data.length === PAGE_SIZE && hasMoreOlder;
          return (
            <div className="space-y-4">
              <InboxTable mailboxId={mailboxId} items={items} />
              {olderError ? <FormAlert>{olderError}</FormAlert> : null}
              {canLoadOlder ? (
                <button
                  type="button"
                  className={buttonClass('secondary')}
                  disabled={isLoadingOlder}
                  onClick={() => void loadOlder(items)}
                >
                  {isLoadingOlder ? t('loadingOlder') : t('loadOlder')}
                </button>
              ) : null}
            </div>
          );
        }}
      </QueryState>
    </>
  );
}

function InboxTable({ mailboxId, items }: { mailboxId: string; items: InboxItem[] }) {
  const t = useTranslations('inbox');
  const format = useFormatter();

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
      <table className={TABLE_CLASS}>
        <caption className="sr-only">{t('caption', { count: items.length })}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className={TH_CLASS}>
              {t('from')}
            </th>
            <th scope="col" className={TH_CLASS}>
              {t('subject')}
            </th>
            <th scope="col" className={TH_CLASS}>
              {t('date')}
            </th>
            <th scope="col" className={`${TH_CLASS} text-right`}>
              {t('size')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {items.map((item) => (
            <tr key={item.id}>
              <td className={`${TD_CLASS} max-w-56 break-words`}>
                <SenderName item={item} />
              </td>
              <th scope="row" className={`${TD_CLASS} max-w-md break-words font-normal`}>
                <Link href={inboxMessageRoute(mailboxId, item.id)} className={LINK_CLASS}>
                  <SubjectText subject={item.subject} />
                </Link>
              </th>
              <td className={`${TD_CLASS} whitespace-nowrap`}>
                <MessageDate item={item} />
              </td>
              <td className={`${TD_CLASS} whitespace-nowrap text-right`}>
                {formatSize(item.size, format.number)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function inboxPath(mailboxId: string, before?: string): string {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (before) {
    query.set('before', before);
  }
  return `/api/mailboxes/${encodeURIComponent(mailboxId)}/inbox?${query}`;
}

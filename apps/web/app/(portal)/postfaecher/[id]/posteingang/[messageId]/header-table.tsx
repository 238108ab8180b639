'use client';

import { useTranslations } from 'next-intl';
import type { InboxMessage } from '@/lib/api-types';
import { CARD_CLASS, TABLE_CLASS, TD_CLASS, TH_CLASS } from '@/lib/ui';

const SUMMARY_CLASS =
  'cursor-pointer text-lg font-semibold text-slate-900 ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700';

/**
 * Every header field in message order, duplicates included: what support needs to follow a
 * message's path (Received, Authentication-Results). Folded by default; it can be long.
 */
export function HeaderTable({ headers }: { headers: InboxMessage['headers'] }) {
  const t = useTranslations('message');
  return (
    <details className={CARD_CLASS}>
      <summary className={SUMMARY_CLASS}>{t('headers', { count: headers.length })}</summary>
      <div className="mt-4 overflow-x-auto">
        <table className={`${TABLE_CLASS} table-fixed`}>
          <caption className="sr-only">{t('headersCaption')}</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className={`${TH_CLASS} w-48`}>
                {t('headerName')}
              </th>
              <th scope="col" className={TH_CLASS}>
                {t('headerValue')}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 font-mono text-xs">
            {headers.map((header, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: fields repeat and never reorder
              <tr key={index}>
                <th scope="row" className={`${TD_CLASS} break-words font-medium`}>
                  {header.key}
                </th>
                <td className={`${TD_CLASS} break-all`}>{header.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

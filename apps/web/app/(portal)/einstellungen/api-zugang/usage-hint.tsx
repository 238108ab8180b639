'use client';

import { useTranslations } from 'next-intl';
import { QueryState } from '@/components/query-state';
import { SectionCard } from '@/components/section-card';
import type { Mailbox } from '@/lib/api-types';
import { LINK_CLASS, TABLE_CLASS, TD_CLASS, TH_CLASS } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';

const EXAMPLE =
  'curl -X POST https://<postwerk>/api/mailboxes/<postfach-id>/messages \\\n' +
  '  -H "Authorization: Bearer pwk_…" -H "Content-Type: application/json" \\\n' +
  '  -H "Idempotency-Key: <eindeutige-id>" \\\n' +
  '  -d \'{"to":["kunde@example.com"],"subject":"Rechnung","text":"Guten Tag"}\'';

// What a key opens; the API's list is MACHINE_ROUTES in apps/api/src/plugins/api-key-auth.ts.
const MACHINE_ROUTES = [
  { key: 'send', paths: ['POST /api/mailboxes/:id/messages'] },
  { key: 'status', paths: ['GET /api/messages/:id'] },
  {
    key: 'inbox',
    paths: [
      'GET /api/mailboxes/:id/inbox',
      'GET /api/mailboxes/:id/inbox/:messageId',
      'GET /api/mailboxes/:id/inbox/:messageId/raw',
    ],
  },
] as const;

/**
 * How the other software calls Postwerk, and the mailbox ids it needs: a key reaches the
 * routes for sending, the send status and the Posteingang, and no others.
 */
export function UsageHint() {
  const t = useTranslations('apiAccess');
  const mailboxes = useApiQuery<Mailbox[]>('/api/mailboxes');
  return (
    <SectionCard id="api-usage" title={t('usageTitle')} description={t('usageDescription')}>
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-800">
        {MACHINE_ROUTES.map((route) => (
          <li key={route.key}>
            {t(`routes.${route.key}`)}:{' '}
            {route.paths.map((path, index) => (
              <span key={path}>
                {index > 0 ? ', ' : null}
                <code className="text-xs">{path}</code>
              </span>
            ))}
          </li>
        ))}
      </ul>
      <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-50">
        <code>{EXAMPLE}</code>
      </pre>
      <p className="text-sm text-slate-800">
        {t('docsBefore')}{' '}
        <a href="/docs" className={LINK_CLASS}>
          {t('docsLink')}
        </a>
        .
      </p>
      <QueryState query={mailboxes}>
        {(data) => (
          <div className="overflow-x-auto rounded-md border border-slate-300">
            <table className={TABLE_CLASS}>
              <caption className="p-2 text-left font-semibold text-slate-900">
                {t('mailboxIds')}
              </caption>
              <thead className="bg-slate-100">
                <tr>
                  <th scope="col" className={TH_CLASS}>
                    {t('mailbox')}
                  </th>
                  <th scope="col" className={TH_CLASS}>
                    {t('mailboxId')}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {data.map((mailbox) => (
                  <tr key={mailbox.id}>
                    <th scope="row" className={`${TD_CLASS} font-medium`}>
                      {mailbox.code}
                      <span className="block font-normal text-slate-700">
                        {mailbox.externalAddress}
                      </span>
                    </th>
                    <td className={`${TD_CLASS} font-mono`}>{mailbox.id}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </SectionCard>
  );
}

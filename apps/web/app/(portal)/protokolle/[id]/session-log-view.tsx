'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { DateTime } from '@/components/date-time';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import type { Mailbox, SessionLogDetail } from '@/lib/api-types';
import { mailboxRoute, ROUTES } from '@/lib/routes';
import { buttonClass, LINK_CLASS } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';
import { LoggingReminder } from '../logging-reminder';
import { OutcomeText } from '../outcome-text';
import { SessionLines } from './session-lines';

export function SessionLogView({ id }: { id: string }) {
  const t = useTranslations('sessionLog');
  const path = `/api/session-logs/${encodeURIComponent(id)}`;
  const log = useApiQuery<SessionLogDetail>(path);
  const mailboxId = log.data?.mailboxId;
  const mailbox = useApiQuery<Mailbox>(mailboxId ? `/api/mailboxes/${mailboxId}` : null);

  const title = log.data
    ? t('titleFor', { protocol: log.data.protocol, host: log.data.host })
    : t('title');
  return (
    <>
      <p className="mb-4">
        <Link href={ROUTES.sessionLogs} className={LINK_CLASS}>
          {t('back')}
        </Link>
      </p>
      <PageHeader
        title={title}
        actions={
          // A plain link: the API answers with a text file as an attachment.
          <a href={`${path}/text`} download className={buttonClass('secondary')}>
            {t('download')}
          </a>
        }
      />
      <div className="space-y-6">
        <LoggingReminder />
        <QueryState query={log}>
          {(data) => (
            <>
              <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
                <dt className="font-medium text-slate-700">{t('mailbox')}</dt>
                <dd>
                  {data.mailboxId ? (
                    <Link href={mailboxRoute(data.mailboxId)} className={LINK_CLASS}>
                      {mailbox.data
                        ? `${mailbox.data.code} – ${mailbox.data.displayName}`
                        : t('openMailbox')}
                    </Link>
                  ) : (
                    t('noMailbox')
                  )}
                </dd>
                <dt className="font-medium text-slate-700">{t('host')}</dt>
                <dd className="break-all">{data.host}</dd>
                <dt className="font-medium text-slate-700">{t('startedAt')}</dt>
                <dd>
                  <DateTime value={data.startedAt} />
                </dd>
                <dt className="font-medium text-slate-700">{t('endedAt')}</dt>
                <dd>{data.endedAt ? <DateTime value={data.endedAt} /> : t('notEnded')}</dd>
                <dt className="font-medium text-slate-700">{t('outcome')}</dt>
                <dd>
                  <OutcomeText outcome={data.outcome} />
                </dd>
              </dl>
              <SessionLines lines={data.lines} />
            </>
          )}
        </QueryState>
      </div>
    </>
  );
}

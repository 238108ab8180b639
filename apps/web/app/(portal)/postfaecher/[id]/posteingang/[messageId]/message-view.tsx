'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { DateTime } from '@/components/date-time';
import { QueryState } from '@/components/query-state';
import { SectionCard } from '@/components/section-card';
import type { InboxMessage } from '@/lib/api-types';
import { formatSize } from '@/lib/format-units';
import { inboxRoute } from '@/lib/routes';
import { buttonClass, LINK_CLASS } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';
import { MessageDate, SenderName, SubjectText } from '../message-fields';
import { HeaderTable } from './header-table';

type MessageViewProps = { mailboxId: string; messageId: string };

export function MessageView({ mailboxId, messageId }: MessageViewProps) {
  const t = useTranslations('message');
  const inbox = `/api/mailboxes/${encodeURIComponent(mailboxId)}/inbox`;
  const path = `${inbox}/${encodeURIComponent(messageId)}`;
  const message = useApiQuery<InboxMessage>(path);

  return (
    <>
      <p className="mb-4">
        <Link href={inboxRoute(mailboxId)} className={LINK_CLASS}>
          {t('back')}
        </Link>
      </p>
      <QueryState query={message}>
        {(data) => <MessageDetails message={data} rawHref={`${path}/raw`} />}
      </QueryState>
    </>
  );
}

function MessageDetails({ message, rawHref }: { message: InboxMessage; rawHref: string }) {
  const t = useTranslations('message');
  const format = useFormatter();
  const recipients = message.headers
    .filter((header) => header.key.toLowerCase() === 'to')
    .map((header) => header.value)
    .join(', ');

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <h1 className="min-w-0 break-words text-2xl font-semibold text-slate-900">
          <SubjectText subject={message.subject} />
        </h1>
        {/* A plain link: the API answers with the original bytes as an attachment. */}
        <a href={rawHref} download className={buttonClass('secondary')}>
          {t('download')}
        </a>
      </div>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="font-medium text-slate-700">{t('from')}</dt>
        <dd className="break-words">
          <SenderName item={message} />
        </dd>
        <dt className="font-medium text-slate-700">{t('to')}</dt>
        <dd className="break-words">{recipients || <Missing />}</dd>
        <dt className="font-medium text-slate-700">{t('date')}</dt>
        <dd>
          <MessageDate item={message} />
        </dd>
        <dt className="font-medium text-slate-700">{t('receivedAt')}</dt>
        <dd>
          <DateTime value={message.receivedAt} />
        </dd>
        <dt className="font-medium text-slate-700">{t('size')}</dt>
        <dd>{formatSize(message.size, format.number)}</dd>
        <dt className="font-medium text-slate-700">{t('messageId')}</dt>
        <dd className="break-all font-mono text-xs">{message.messageId || <Missing />}</dd>
      </dl>
      <SectionCard id="message-text" title={t('text')}>
        {message.text?.trim() ? (
          <pre className="whitespace-pre-wrap break-words font-mono text-sm text-slate-900">
            {message.text}
          </pre>
        ) : (
          <p className="text-sm italic text-slate-700">{t('noText')}</p>
        )}
      </SectionCard>
      {message.attachments.length > 0 ? (
        <SectionCard id="message-attachments" title={t('attachments')}>
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {message.attachments.map((attachment, index) => (
              // Attachments have no id, and names may repeat or be missing.
              // biome-ignore lint/suspicious/noArrayIndexKey: the list never reorders
              <li key={index} className="break-words">
                {attachment.filename || <span className="italic">{t('unnamed')}</span>}
                {` (${attachment.contentType}, ${formatSize(attachment.size, format.number)})`}
              </li>
            ))}
          </ul>
          <p className="text-sm text-slate-700">{t('attachmentsHint')}</p>
        </SectionCard>
      ) : null}
      <HeaderTable headers={message.headers} />
    </div>
  );
}

function Missing() {
  const t = useTranslations('message');
  return <span className="italic text-slate-700">{t('missing')}</span>;
}

import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import type { LogProtocol } from '@/lib/api-types';
import { firstParam } from '@/lib/microsoft-reasons';
import { SessionLogList } from './session-log-list';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('sessionLogs');
  return { title: t('title') };
}

type SessionLogsPageProps = {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Protokolle: recorded SMTP and POP3 sessions; `?postfach=<id>&protokoll=SMTP` filter. */
export default async function SessionLogsPage({ searchParams }: SessionLogsPageProps) {
  const query = await searchParams;
  const protocol = firstParam(query.protokoll);
  return (
    <SessionLogList
      initialMailboxId={firstParam(query.postfach) ?? ''}
      initialProtocol={isProtocol(protocol) ? protocol : ''}
    />
  );
}

function isProtocol(value: string | undefined): value is LogProtocol {
  return value === 'SMTP' || value === 'POP3';
}

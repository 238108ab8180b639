import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { firstParam } from '@/lib/microsoft-reasons';
import { MailboxCard } from './mailbox-card';
import type { MicrosoftResult } from './microsoft-result-banner';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('mailboxCard');
  return { title: t('title') };
}

type MailboxPageProps = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** The mailbox card (Mitarbeiterkartei → Anpassungen → Kommunikationssystem). */
export default async function MailboxPage({ params, searchParams }: MailboxPageProps) {
  const { id } = await params;
  const query = await searchParams;
  return <MailboxCard id={id} microsoftResult={toMicrosoftResult(query)} />;
}

/** The API's Microsoft callback comes back here with `?microsoft=linked|error&reason=`. */
function toMicrosoftResult(
  query: Record<string, string | string[] | undefined>,
): MicrosoftResult | undefined {
  const outcome = firstParam(query.microsoft);
  if (outcome === 'linked') {
    return { outcome };
  }
  return outcome === 'error' ? { outcome, reason: firstParam(query.reason) } : undefined;
}

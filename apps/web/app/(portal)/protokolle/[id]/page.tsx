import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { SessionLogView } from './session-log-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('sessionLog');
  return { title: t('title') };
}

/** One recorded SMTP or POP3 session, line by line. */
export default async function SessionLogPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SessionLogView id={id} />;
}

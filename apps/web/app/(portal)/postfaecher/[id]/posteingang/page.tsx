import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { InboxList } from './inbox-list';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('inbox');
  return { title: t('title') };
}

/** Posteingang of one mailbox: what the workers fetched from its incoming server. */
export default async function InboxPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <InboxList mailboxId={id} />;
}

import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { MessageView } from './message-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('message');
  return { title: t('title') };
}

type MessagePageProps = { params: Promise<{ id: string; messageId: string }> };

/** One received message: its header fields, text body and attachments, and the original. */
export default async function MessagePage({ params }: MessagePageProps) {
  const { id, messageId } = await params;
  return <MessageView mailboxId={id} messageId={messageId} />;
}

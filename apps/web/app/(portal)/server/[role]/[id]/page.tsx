import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { serverRoleFromSegment } from '@/lib/routes';
import { ServerEditor } from './server-editor';

type ServerPageProps = { params: Promise<{ role: string; id: string }> };

export async function generateMetadata({ params }: ServerPageProps): Promise<Metadata> {
  const { role, id } = await params;
  const serverRole = serverRoleFromSegment(role) ?? 'outgoing';
  const t = await getTranslations(`servers.${serverRole}`);
  return { title: id === 'neu' ? t('createTitle') : t('editTitle') };
}

/** /server/postausgang/neu, /server/posteingang/<id> and so on. */
export default async function ServerPage({ params }: ServerPageProps) {
  const { role, id } = await params;
  const serverRole = serverRoleFromSegment(role);
  if (!serverRole) {
    notFound();
  }
  return <ServerEditor serverRole={serverRole} id={id === 'neu' ? undefined : id} />;
}

'use client';

import { useTranslations } from 'next-intl';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { type MailServer, SERVER_API_PATH, type ServerRole } from '@/lib/api-types';
import { useApiQuery } from '@/lib/use-api-query';
import { ServerForm } from '../../server-form';

type ServerEditorProps = { serverRole: ServerRole; id?: string };

export function ServerEditor({ serverRole: role, id }: ServerEditorProps) {
  const t = useTranslations(`servers.${role}`);
  const path = id ? `${SERVER_API_PATH[role]}/${encodeURIComponent(id)}` : null;
  const server = useApiQuery<MailServer>(path);

  if (!id) {
    return (
      <>
        <PageHeader title={t('createTitle')} description={t('formDescription')} />
        <ServerForm serverRole={role} />
      </>
    );
  }
  return (
    <>
      <PageHeader title={server.data?.name ?? t('editTitle')} description={t('formDescription')} />
      <QueryState query={server}>
        {(data) => <ServerForm serverRole={role} server={data} onSaved={server.reload} />}
      </QueryState>
    </>
  );
}

'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Fragment } from 'react';
import { DeleteButton } from '@/components/delete-button';
import { EmptyState, QueryState } from '@/components/query-state';
import { apiFetch } from '@/lib/api-client';
import { type MailServer, SERVER_API_PATH, type ServerRole } from '@/lib/api-types';
import { serverRoute } from '@/lib/routes';
import { buttonClass, LINK_CLASS, TABLE_CLASS, TD_CLASS, TH_CLASS } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';

/** One list: Postausgangsserver or Posteingangsserver, with create, edit and delete. */
export function ServerTable({ serverRole: role }: { serverRole: ServerRole }) {
  const t = useTranslations('servers');
  const tOption = useTranslations('serverOptions');
  const servers = useApiQuery<MailServer[]>(SERVER_API_PATH[role]);
  const headingId = `${role}-servers-title`;

  return (
    <section aria-labelledby={headingId}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <h2 id={headingId} className="text-lg font-semibold">
          {t(`${role}.listTitle`)}
        </h2>
        <Link href={serverRoute(role, 'neu')} className={buttonClass('primary')}>
          {t(`${role}.create`)}
        </Link>
      </div>
      <QueryState
        query={servers}
        isEmpty={(data) => data.length === 0}
        empty={<EmptyState title={t(`${role}.empty`)}>{t(`${role}.emptyHint`)}</EmptyState>}
      >
        {(data) => (
          <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
            <table className={TABLE_CLASS}>
              <thead className="bg-slate-100">
                <tr>
                  <th scope="col" className={TH_CLASS}>
                    {t('name')}
                  </th>
                  <th scope="col" className={TH_CLASS}>
                    {t('host')}
                  </th>
                  <th scope="col" className={TH_CLASS}>
                    {t('security')}
                  </th>
                  <th scope="col" className={TH_CLASS}>
                    {t('authMethod')}
                  </th>
                  <th scope="col" className={TH_CLASS}>
                    <span className="sr-only">{t('actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {data.map((server) => (
                  <tr key={server.id}>
                    <th scope="row" className={`${TD_CLASS} font-normal`}>
                      <Link href={serverRoute(role, server.id)} className={LINK_CLASS}>
                        {server.name}
                      </Link>
                    </th>
                    <td className={TD_CLASS}>
                      <HostAndPort host={server.host} port={server.port} />
                    </td>
                    <td className={TD_CLASS}>{tOption(`security.${server.security}`)}</td>
                    <td className={TD_CLASS}>{tOption(`auth.${server.authMethod}`)}</td>
                    <td className={`${TD_CLASS} text-right`}>
                      <DeleteButton
                        label={t('delete')}
                        ariaLabel={t('deleteNamed', { name: server.name })}
                        confirmText={t('deleteConfirm', { name: server.name })}
                        onDelete={async () => {
                          await apiFetch(`${SERVER_API_PATH[role]}/${server.id}`, {
                            method: 'DELETE',
                          });
                          servers.reload();
                        }}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}

/**
 * `host:port` with line-break chances after each dot and before the port, so a long host name
 * wraps at its labels and the delete button stays on screen on a tablet.
 */
function HostAndPort({ host, port }: { host: string; port: number }) {
  const labels = host.split('.');
  return (
    <>
      {labels.map((label, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the labels of one name never reorder
        <Fragment key={index}>
          {label}
          {index < labels.length - 1 ? (
            <>
              .<wbr />
            </>
          ) : null}
        </Fragment>
      ))}
      <wbr />:{port}
    </>
  );
}

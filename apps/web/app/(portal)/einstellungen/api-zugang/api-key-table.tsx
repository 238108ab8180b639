'use client';

import { useTranslations } from 'next-intl';
import { DateTime } from '@/components/date-time';
import { DeleteButton } from '@/components/delete-button';
import type { ApiKey } from '@/lib/api-types';
import { TABLE_CLASS, TD_CLASS, TH_CLASS } from '@/lib/ui';

type ApiKeyTableProps = { keys: ApiKey[]; onRevoke: (key: ApiKey) => Promise<void> };

/** Every key of the firm, revoked ones included, so a key seen in another system can be placed. */
export function ApiKeyTable({ keys, onRevoke }: ApiKeyTableProps) {
  const t = useTranslations('apiAccess');
  return (
    <div className="overflow-x-auto rounded-md border border-slate-300">
      <table className={TABLE_CLASS}>
        <caption className="sr-only">{t('tableCaption')}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className={TH_CLASS}>
              {t('name')}
            </th>
            <th scope="col" className={TH_CLASS}>
              {t('prefix')}
            </th>
            <th scope="col" className={TH_CLASS}>
              {t('createdAt')}
            </th>
            <th scope="col" className={TH_CLASS}>
              {t('lastUsedAt')}
            </th>
            <th scope="col" className={TH_CLASS}>
              {t('state')}
            </th>
            <th scope="col" className={TH_CLASS}>
              <span className="sr-only">{t('actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {keys.map((key) => (
            <tr key={key.id}>
              <th scope="row" className={`${TD_CLASS} font-medium`}>
                {key.name}
              </th>
              <td className={`${TD_CLASS} font-mono`}>{key.prefix}_…</td>
              <td className={TD_CLASS}>
                <DateTime value={key.createdAt} />
                {key.createdBy ? (
                  <span className="block text-slate-700">{key.createdBy.name}</span>
                ) : null}
              </td>
              <td className={TD_CLASS}>
                <DateTime value={key.lastUsedAt} />
              </td>
              <td className={TD_CLASS}>
                {key.revokedAt ? (
                  <>
                    {t('revoked')}
                    <span className="block text-slate-700">
                      <DateTime value={key.revokedAt} />
                    </span>
                  </>
                ) : (
                  t('active')
                )}
              </td>
              <td className={TD_CLASS}>
                {key.revokedAt ? null : (
                  <DeleteButton
                    label={t('revoke')}
                    ariaLabel={t('revokeNamed', { name: key.name })}
                    confirmText={t('revokeConfirm', { name: key.name })}
                    onDelete={() => onRevoke(key)}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

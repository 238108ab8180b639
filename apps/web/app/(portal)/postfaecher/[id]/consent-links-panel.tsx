'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { DateTime } from '@/components/date-time';
import { FormAlert } from '@/components/form-alert';
import { apiFetch } from '@/lib/api-client';
import type { ConsentLink, CreatedConsentLink } from '@/lib/api-types';
import { buttonClass, TABLE_CLASS, TD_CLASS, TH_CLASS } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';
import { useDescribeError } from '@/lib/use-describe-error';
import { CreatedLinkField } from './created-link-field';

/**
 * Links for employees: the admin hands one over, the employee signs in at Microsoft and
 * consents without a portal account. The URL exists only in the reply that created it (the
 * API stores a hash), so it is shown once, with a copy button.
 */
export function ConsentLinksPanel({ mailboxId }: { mailboxId: string }) {
  const t = useTranslations('mailboxCard.consentLinks');
  const describe = useDescribeError();
  const links = useApiQuery<ConsentLink[]>(`/api/mailboxes/${mailboxId}/consent-links`);
  const [created, setCreated] = useState<CreatedConsentLink>();
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      links.reload();
    } catch (caught) {
      setError(describe(caught));
    } finally {
      setBusy(false);
    }
  }

  const create = () =>
    run(async () => {
      const path = `/api/mailboxes/${mailboxId}/consent-links`;
      setCreated(await apiFetch<CreatedConsentLink>(path, { method: 'POST' }));
    });

  const revoke = (link: ConsentLink) =>
    run(async () => {
      const path = `/api/mailboxes/${mailboxId}/consent-links/${link.id}`;
      await apiFetch(path, { method: 'DELETE' });
      if (created?.id === link.id) {
        setCreated(undefined);
      }
    });

  return (
    <section
      aria-labelledby="consent-links-title"
      className="space-y-3 border-t border-slate-300 pt-3"
    >
      <h4 id="consent-links-title" className="font-semibold">
        {t('title')}
      </h4>
      <p className="text-sm text-slate-800">{t('hint')}</p>
      <button
        type="button"
        className={buttonClass('secondary')}
        disabled={isBusy}
        onClick={() => void create()}
      >
        {t('create')}
      </button>
      {error ? <FormAlert>{error}</FormAlert> : null}
      {created ? <CreatedLinkField link={created} /> : null}
      {links.data && links.data.length > 0 ? (
        <LinkTable links={links.data} isBusy={isBusy} onRevoke={(link) => void revoke(link)} />
      ) : null}
    </section>
  );
}

type LinkTableProps = {
  links: ConsentLink[];
  isBusy: boolean;
  onRevoke: (link: ConsentLink) => void;
};

function LinkTable({ links, isBusy, onRevoke }: LinkTableProps) {
  const t = useTranslations('mailboxCard.consentLinks');
  return (
    <div className="overflow-x-auto rounded-md border border-slate-300 bg-white">
      <table className={TABLE_CLASS}>
        <caption className="sr-only">{t('tableCaption')}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className={TH_CLASS}>
              {t('createdAt')}
            </th>
            <th scope="col" className={TH_CLASS}>
              {t('expiresAt')}
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
          {links.map((link) => (
            <tr key={link.id}>
              <td className={TD_CLASS}>
                <DateTime value={link.createdAt} />
              </td>
              <td className={TD_CLASS}>
                <DateTime value={link.expiresAt} />
              </td>
              <td className={TD_CLASS}>
                {t(`states.${link.state}`)}
                {link.usedAt ? (
                  <span className="block text-slate-700">
                    <DateTime value={link.usedAt} />
                  </span>
                ) : null}
              </td>
              <td className={TD_CLASS}>
                {link.state === 'OPEN' ? (
                  <button
                    type="button"
                    className={buttonClass('quiet')}
                    disabled={isBusy}
                    onClick={() => onRevoke(link)}
                  >
                    {t('revoke')}
                    {/* Several rows may offer this button; say which link it revokes. */}
                    <span className="sr-only">
                      {' '}
                      – {t('revokeOf')} <DateTime value={link.createdAt} />
                    </span>
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

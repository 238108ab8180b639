'use client';

import { useTranslations } from 'next-intl';
import { AdminConsentLink } from '@/components/admin-consent-link';
import { DateTime } from '@/components/date-time';
import { DeleteButton } from '@/components/delete-button';
import { FormAlert } from '@/components/form-alert';
import { apiFetch } from '@/lib/api-client';
import type { Mailbox } from '@/lib/api-types';
import { needsAdminConsent, toDeadLinkKey } from '@/lib/microsoft-reasons';
import { buttonClass } from '@/lib/ui';
import { ConsentLinksPanel } from './consent-links-panel';

const SIGN_IN_FORM_ID = 'microsoft-sign-in';

type MicrosoftAccountPanelProps = {
  mailbox: Mailbox;
  isOAuthServerChosen: boolean;
  /** Unsaved changes would be lost on the trip to Microsoft, so sign-in waits for a save. */
  isDirty: boolean;
  canSignIn: boolean;
  onChanged: (mailbox: Mailbox) => void;
};

/** The one Microsoft account of a mailbox: who is linked, [Anmelden], [Konto entfernen]. */
export function MicrosoftAccountPanel(props: MicrosoftAccountPanelProps) {
  const { mailbox, isOAuthServerChosen, isDirty, onChanged } = props;
  const t = useTranslations('mailboxCard.microsoft');
  const tDead = useTranslations('microsoftLinkDead');
  const account = mailbox.microsoftAccount;
  const needsSignIn = !account || account.status === 'DEAD';

  async function removeAccount() {
    await apiFetch(`/api/mailboxes/${mailbox.id}/microsoft`, { method: 'DELETE' });
    onChanged(await apiFetch<Mailbox>(`/api/mailboxes/${mailbox.id}`));
  }

  return (
    <section
      aria-labelledby="microsoft-account-title"
      className="space-y-3 rounded-md border border-slate-300 bg-slate-50 p-4"
    >
      <h3 id="microsoft-account-title" className="font-semibold">
        {t('title')}
      </h3>
      {account ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-700">{t('account')}</dt>
          <dd className="break-all font-medium">{account.upn}</dd>
          {account.email && account.email !== account.upn ? (
            <>
              <dt className="text-slate-700">{t('email')}</dt>
              <dd className="break-all">{account.email}</dd>
            </>
          ) : null}
          <dt className="text-slate-700">{t('linkedAt')}</dt>
          <dd>
            <DateTime value={account.linkedAt} />
          </dd>
          <dt className="text-slate-700">{t('state')}</dt>
          <dd>{t(`status.${account.status}`)}</dd>
        </dl>
      ) : (
        <p className="text-sm font-medium">{t('none')}</p>
      )}
      {account?.status === 'DEAD' ? (
        <FormAlert tone="warning">
          {/* Why it died, in words, where Microsoft told us (see microsoftLinkDead.*). */}
          {tDead(
            toDeadLinkKey(account.deadCode, (key) => tDead.has(key)),
            {
              account: account.upn,
            },
          )}
          {account.deadCode ? ` (${account.deadCode})` : ''}
          {needsAdminConsent(account.deadCode) ? <AdminConsentLink /> : null}
        </FormAlert>
      ) : null}
      {account?.identityMismatch ? (
        // A public mailbox may be linked to a delegate on purpose: an information then.
        <FormAlert tone={mailbox.kind === 'PUBLIC' ? 'info' : 'warning'}>
          {t(mailbox.kind === 'PUBLIC' ? 'mismatchDelegate' : 'mismatch', {
            account: account.upn,
            address: mailbox.externalAddress,
          })}
        </FormAlert>
      ) : null}
      {account && !isOAuthServerChosen ? (
        <p className="text-sm">{t('unusedWithoutOAuth')}</p>
      ) : null}
      <div className="flex flex-wrap items-start gap-3">
        {needsSignIn ? (
          <button
            type="submit"
            form={SIGN_IN_FORM_ID}
            className={buttonClass('primary')}
            disabled={isDirty || !props.canSignIn}
            aria-describedby={isDirty ? 'microsoft-sign-in-hint' : undefined}
          >
            {t('signIn')}
          </button>
        ) : null}
        {account ? (
          <DeleteButton
            label={t('remove')}
            confirmText={t('removeConfirm', { account: account.upn })}
            onDelete={removeAccount}
          />
        ) : null}
      </div>
      {needsSignIn ? (
        <p id="microsoft-sign-in-hint" className="text-sm text-slate-700">
          {isDirty ? t('saveFirst') : t('signInHint')}
        </p>
      ) : null}
      {isOAuthServerChosen ? <ConsentLinksPanel mailboxId={mailbox.id} /> : null}
    </section>
  );
}

/**
 * The form [Anmelden] submits: a plain navigation, so the browser follows the API's redirect
 * to Microsoft. A GET is enough: the API only creates a pending sign-in bound to this
 * browser's session, which nobody else can complete.
 */
export function MicrosoftSignInForm(props: { mailboxId: string; csrfToken?: string }) {
  const action = `/api/mailboxes/${encodeURIComponent(props.mailboxId)}/microsoft/start`;
  return <form id={SIGN_IN_FORM_ID} method="get" action={action} hidden />;
}

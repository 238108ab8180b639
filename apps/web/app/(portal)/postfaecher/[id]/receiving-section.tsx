'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { CheckboxField } from '@/components/checkbox-field';
import { FormAlert } from '@/components/form-alert';
import { SectionCard } from '@/components/section-card';
import { SelectField } from '@/components/select-field';
import { useSettings } from '@/components/settings-provider';
import { TextField } from '@/components/text-field';
import type { Mailbox, MailServer } from '@/lib/api-types';
import { ROUTES } from '@/lib/routes';
import { LINK_CLASS } from '@/lib/ui';
import type { DraftSectionProps } from './mailbox-draft';
import { findServer, toServerOptions } from './server-options';
import { SettingsTestPanel } from './settings-test-panel';

type ReceivingSectionProps = DraftSectionProps & {
  mailbox: Mailbox;
  servers: MailServer[];
  isDirty: boolean;
};

/** "E-Mail Empfang": incoming server, copy on server, the relay address that keeps working. */
export function ReceivingSection(props: ReceivingSectionProps) {
  const { draft, update, errors, mailbox, servers } = props;
  const t = useTranslations('mailboxCard.receiving');
  const { settings } = useSettings();
  const server = findServer(servers, draft.incomingServerId);

  return (
    <SectionCard id="receiving" title={t('title')}>
      <SelectField
        id="incomingServerId"
        label={t('server')}
        value={draft.incomingServerId}
        options={toServerOptions(servers, t('noServer'))}
        onChange={(value) => update('incomingServerId', value)}
        hint={servers.length === 0 ? t('noServersYet') : undefined}
        error={errors.incomingServerId}
      />
      {server && !settings?.fetchFromIncoming ? (
        <FormAlert tone="info">
          {t('fetchingOff')}{' '}
          <Link href={ROUTES.settings} className={LINK_CLASS}>
            {t('toSettings')}
          </Link>
        </FormAlert>
      ) : null}
      {server?.authMethod === 'OAUTH2' ? (
        <p className="text-sm text-slate-800">
          {mailbox.microsoftAccount ? t('usesSendingAccount') : t('noAccountYet')}
        </p>
      ) : null}
      {/* Mail fetched from the provider cannot be proven unchanged, so no GoBD claim. */}
      {server && settings?.gobdDuplication ? (
        <FormAlert tone="warning">{t('noGobd')}</FormAlert>
      ) : null}
      <CheckboxField
        id="keepCopyOnServer"
        label={t('keepCopy')}
        hint={t('keepCopyHint')}
        checked={draft.keepCopyOnServer}
        onChange={(checked) => update('keepCopyOnServer', checked)}
        error={errors.keepCopyOnServer}
      />
      <TextField
        id="pollIntervalMinutes"
        label={t('pollInterval')}
        inputMode="numeric"
        value={draft.pollIntervalMinutes}
        onChange={(value) => update('pollIntervalMinutes', value)}
        error={errors.pollIntervalMinutes}
        className="max-w-xs"
      />
      <TextField
        id="incomingRelayAddress"
        label={t('incomingRelayAddress')}
        hint={t('incomingRelayAddressHint')}
        type="email"
        autoComplete="off"
        value={draft.incomingRelayAddress}
        onChange={(value) => update('incomingRelayAddress', value)}
        error={errors.incomingRelayAddress}
      />
      {server ? (
        <SettingsTestPanel
          mailboxId={mailbox.id}
          kind="INCOMING"
          isDirty={props.isDirty}
          onFinished={props.onTestFinished}
          companies={props.testCompanies}
        />
      ) : null}
    </SectionCard>
  );
}

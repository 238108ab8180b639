'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { FormAlert } from '@/components/form-alert';
import { SectionCard } from '@/components/section-card';
import { SelectField } from '@/components/select-field';
import { useSettings } from '@/components/settings-provider';
import { TextField } from '@/components/text-field';
import type { Mailbox, MailServer } from '@/lib/api-types';
import { ROUTES } from '@/lib/routes';
import { LINK_CLASS } from '@/lib/ui';
import type { DraftSectionProps, MailboxDraft } from './mailbox-draft';
import { MicrosoftAccountPanel } from './microsoft-account-panel';
import { findServer, toServerOptions } from './server-options';
import { SettingsTestPanel } from './settings-test-panel';

type SendingSectionProps = DraftSectionProps & {
  mailbox: Mailbox;
  servers: MailServer[];
  incomingServers: MailServer[];
  isDirty: boolean;
  canSignIn: boolean;
  onAccountChanged: (mailbox: Mailbox) => void;
};

/** "E-Mail Versand": sender identity, outgoing server and, with OAuth2, the account. */
export function SendingSection(props: SendingSectionProps) {
  const { draft, update, errors, mailbox, servers } = props;
  const t = useTranslations('mailboxCard.sending');
  const { settings } = useSettings();
  const server = findServer(servers, draft.outgoingServerId);
  const incoming = findServer(props.incomingServers, draft.incomingServerId);
  const usesOAuth =
    server?.authMethod === 'OAUTH2' ||
    incoming?.authMethod === 'OAUTH2' ||
    usesOAuthForCompany(draft.companyServers, settings?.serversPerCompany, props);
  const isRelayRoute = settings?.sendRoute === 'RELAY';

  return (
    <SectionCard id="sending" title={t('title')}>
      <div className="grid gap-4 md:grid-cols-2">
        <TextField
          id="displayName"
          label={t('displayName')}
          required
          value={draft.displayName}
          onChange={(value) => update('displayName', value)}
          error={errors.displayName}
        />
        <TextField
          id="externalAddress"
          label={t('externalAddress')}
          type="email"
          inputMode="email"
          autoComplete="off"
          required
          value={draft.externalAddress}
          onChange={(value) => update('externalAddress', value)}
          error={errors.externalAddress}
        />
      </div>
      <TextField
        id="relayAddress"
        label={t('relayAddress')}
        hint={t('relayAddressHint')}
        type="email"
        autoComplete="off"
        value={draft.relayAddress}
        onChange={(value) => update('relayAddress', value)}
        error={errors.relayAddress}
      />
      <SelectField
        id="outgoingServerId"
        label={t('server')}
        value={draft.outgoingServerId}
        options={toServerOptions(servers, t('noServer'))}
        onChange={(value) => update('outgoingServerId', value)}
        hint={servers.length === 0 ? t('noServersYet') : undefined}
        error={errors.outgoingServerId}
      />
      {server && isRelayRoute ? (
        <FormAlert tone="info">
          {t('relayRouteActive')}{' '}
          <Link href={ROUTES.settings} className={LINK_CLASS}>
            {t('toSettings')}
          </Link>
        </FormAlert>
      ) : null}
      {server?.authMethod === 'OAUTH2' && !settings?.directConnection ? (
        <FormAlert tone="warning">
          {t('oauthNeedsDirect')}{' '}
          <Link href={ROUTES.settings} className={LINK_CLASS}>
            {t('toSettings')}
          </Link>
        </FormAlert>
      ) : null}
      {usesOAuth || mailbox.microsoftAccount ? (
        <MicrosoftAccountPanel
          mailbox={mailbox}
          isOAuthServerChosen={usesOAuth}
          isDirty={props.isDirty}
          canSignIn={props.canSignIn}
          onChanged={props.onAccountChanged}
        />
      ) : null}
      {server ? (
        <SettingsTestPanel
          mailboxId={mailbox.id}
          kind="FULL_LOOP"
          isDirty={props.isDirty}
          onFinished={props.onTestFinished}
          companies={props.testCompanies}
        />
      ) : null}
    </SectionCard>
  );
}

/**
 * A company's server with a Microsoft login needs the mailbox's account too: its one link
 * serves every company (help page on "Verschiedene Server je Firma").
 */
function usesOAuthForCompany(
  choices: MailboxDraft['companyServers'],
  isOn: boolean | undefined,
  servers: { servers: MailServer[]; incomingServers: MailServer[] },
): boolean {
  if (!isOn) {
    return false;
  }
  return Object.values(choices).some(
    (choice) =>
      findServer(servers.servers, choice.outgoingServerId)?.authMethod === 'OAUTH2' ||
      findServer(servers.incomingServers, choice.incomingServerId)?.authMethod === 'OAUTH2',
  );
}

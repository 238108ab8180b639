'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { FormAlert } from '@/components/form-alert';
import { ReadOnlyHint, useReadOnly } from '@/components/read-only-hint';
import { SelectField } from '@/components/select-field';
import { useSettings } from '@/components/settings-provider';
import { TextField } from '@/components/text-field';
import { apiFetch } from '@/lib/api-client';
import type {
  AuthMethod,
  MailServer,
  MailServerInput,
  Security,
  ServerPreset,
  ServerRole,
} from '@/lib/api-types';
import { SERVER_API_PATH } from '@/lib/api-types';
import { ROUTES } from '@/lib/routes';
import { buttonClass, CARD_CLASS, LINK_CLASS } from '@/lib/ui';
import { useFormSubmit } from '@/lib/use-form-submit';
import { PresetButton } from './preset-button';
import { usePortHint } from './use-port-hint';

const FIELDS = ['name', 'host', 'port', 'security', 'authMethod', 'username', 'password'] as const;
const SECURITIES: Security[] = ['STARTTLS', 'TLS', 'NONE'];
// A POP3 server always needs a sign-in, so "none" is offered for outgoing servers only.
const AUTH_METHODS: Record<ServerRole, AuthMethod[]> = {
  outgoing: ['NONE', 'PASSWORD', 'OAUTH2'],
  incoming: ['PASSWORD', 'OAUTH2'],
};
const NEW_SERVER: Record<ServerRole, ServerPreset> = {
  outgoing: { name: '', host: '', port: 587, security: 'STARTTLS', authMethod: 'PASSWORD' },
  incoming: { name: '', host: '', port: 995, security: 'TLS', authMethod: 'PASSWORD' },
};

type ServerFormProps = { serverRole: ServerRole; server?: MailServer; onSaved?: () => void };

export function ServerForm({ serverRole: role, server, onSaved }: ServerFormProps) {
  const t = useTranslations('servers');
  const tOption = useTranslations('serverOptions');
  const tCommon = useTranslations('common');
  const router = useRouter();
  const { settings } = useSettings();
  const start = server ?? NEW_SERVER[role];
  const [name, setName] = useState(start.name);
  const [host, setHost] = useState(start.host);
  const [port, setPort] = useState(String(start.port));
  const [security, setSecurity] = useState<Security>(start.security);
  const [authMethod, setAuthMethod] = useState<AuthMethod>(start.authMethod);
  const [username, setUsername] = useState(server?.username ?? '');
  const [password, setPassword] = useState('');
  const [notice, setNotice] = useState<string>();
  const { formRef, errors, isSubmitting, submit, clearFieldError } = useFormSubmit(FIELDS);
  const portHint = usePortHint(role, port, security, authMethod);
  const isReadOnly = useReadOnly();

  function change<T>(field: (typeof FIELDS)[number], set: (value: T) => void) {
    return (value: T) => {
      set(value);
      setNotice(undefined);
      clearFieldError(field);
    };
  }

  function applyPreset(preset: ServerPreset) {
    setName(preset.name);
    setHost(preset.host);
    setPort(String(preset.port));
    setSecurity(preset.security);
    setAuthMethod(preset.authMethod);
    setNotice(t('presetApplied', { name: preset.name }));
  }

  const onSubmit = submit(async () => {
    setNotice(undefined);
    const path = server ? `${SERVER_API_PATH[role]}/${server.id}` : SERVER_API_PATH[role];
    const body = toInput({ name, host, port, security, authMethod, username, password });
    await apiFetch<MailServer>(path, { method: server ? 'PUT' : 'POST', body });
    if (!server) {
      router.push(ROUTES.servers);
      return;
    }
    setPassword('');
    setNotice(tCommon('saved'));
    onSaved?.();
  });

  const passwordHint = server?.hasPassword ? t('passwordKept') : undefined;
  const needsDirect = role === 'outgoing' && authMethod === 'OAUTH2' && !settings?.directConnection;
  // Like Direktverbindung for sending: a POP3 server is only used once fetching is switched on.
  const needsFetching = role === 'incoming' && settings?.fetchFromIncoming === false;

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className={`${CARD_CLASS} space-y-4`}>
      {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
      {notice ? <FormAlert tone="success">{notice}</FormAlert> : null}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-800">
          {t('serverType')}: <strong>{role === 'outgoing' ? 'SMTP' : 'POP3'}</strong>
        </p>
        <PresetButton serverRole={role} onApply={applyPreset} />
      </div>
      <TextField
        id="name"
        label={t('name')}
        required
        value={name}
        onChange={change('name', setName)}
        error={errors.fields.name}
      />
      <div className="grid gap-4 md:grid-cols-[1fr_10rem]">
        <TextField
          id="host"
          label={t('host')}
          hint={t('hostHint')}
          required
          value={host}
          onChange={change('host', setHost)}
          error={errors.fields.host}
        />
        <TextField
          id="port"
          label={t('port')}
          inputMode="numeric"
          required
          value={port}
          onChange={change('port', setPort)}
          error={errors.fields.port}
        />
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <SelectField
          id="security"
          label={t('security')}
          value={security}
          options={SECURITIES.map((value) => ({ value, label: tOption(`security.${value}`) }))}
          onChange={change('security', (value: string) => setSecurity(value as Security))}
          // The API's reason replaces the local hint: both would say the same thing.
          warning={errors.fields.security ? undefined : portHint}
          error={errors.fields.security}
        />
        <SelectField
          id="authMethod"
          label={t('authMethod')}
          value={authMethod}
          options={AUTH_METHODS[role].map((value) => ({ value, label: tOption(`auth.${value}`) }))}
          onChange={change('authMethod', (value: string) => setAuthMethod(value as AuthMethod))}
          hint={authMethod === 'OAUTH2' ? t('oauthHint') : undefined}
          error={errors.fields.authMethod}
        />
      </div>
      {needsDirect ? (
        <FormAlert tone="warning">
          {t('oauthNeedsDirect')}{' '}
          <Link href={ROUTES.settings} className={LINK_CLASS}>
            {t('toSettings')}
          </Link>
        </FormAlert>
      ) : null}
      {needsFetching ? (
        <FormAlert tone="warning">
          {t('fetchingNeeded')}{' '}
          <Link href={ROUTES.settings} className={LINK_CLASS}>
            {t('toSettings')}
          </Link>
        </FormAlert>
      ) : null}
      {authMethod === 'PASSWORD' ? (
        <div className="grid gap-4 md:grid-cols-2">
          <TextField
            id="username"
            label={t('username')}
            autoComplete="off"
            required
            value={username}
            onChange={change('username', setUsername)}
            error={errors.fields.username}
          />
          <TextField
            id="password"
            label={t('password')}
            type="password"
            autoComplete="new-password"
            hint={passwordHint}
            value={password}
            onChange={change('password', setPassword)}
            error={errors.fields.password}
          />
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="submit"
          className={buttonClass('primary')}
          disabled={isSubmitting || isReadOnly}
          aria-describedby={isReadOnly ? 'server-read-only' : undefined}
        >
          {isSubmitting ? tCommon('saving') : tCommon('save')}
        </button>
        <Link href={ROUTES.servers} className={buttonClass('secondary')}>
          {server ? tCommon('back') : tCommon('cancel')}
        </Link>
        <ReadOnlyHint id="server-read-only" />
      </div>
    </form>
  );
}

type FormValues = Omit<MailServerInput, 'port'> & { port: string; username: string };

function toInput(values: FormValues): MailServerInput {
  const usesPassword = values.authMethod === 'PASSWORD';
  const input: MailServerInput = {
    name: values.name.trim(),
    host: values.host.trim(),
    // Not a number → NaN, sent as null; the API then names the problem next to the field.
    port: Number(values.port.trim()),
    security: values.security,
    authMethod: values.authMethod,
    username: usesPassword ? values.username.trim() : null,
  };
  if (!usesPassword) {
    // Without this the API keeps a password stored for an earlier method (undefined = keep).
    input.password = null;
  } else if (values.password) {
    input.password = values.password;
  }
  return input;
}

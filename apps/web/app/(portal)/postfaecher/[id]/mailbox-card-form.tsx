'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useState } from 'react';
import { FormAlert } from '@/components/form-alert';
import { ReadOnlyHint, useReadOnly } from '@/components/read-only-hint';
import { SectionCard } from '@/components/section-card';
import { useSettings } from '@/components/settings-provider';
import { TextField } from '@/components/text-field';
import { apiFetch } from '@/lib/api-client';
import type { Mailbox } from '@/lib/api-types';
import { buttonClass } from '@/lib/ui';
import { useCsrfToken } from '@/lib/use-csrf-token';
import { useFormSubmit } from '@/lib/use-form-submit';
import { KindField } from '../kind-field';
import { CompanyServersFieldset } from './company-servers-fieldset';
import { DeleteMailboxSection } from './delete-mailbox-section';
import type { CardData } from './mailbox-card';
import {
  isDraftChanged,
  MAILBOX_FIELDS,
  type MailboxDraft,
  toDraft,
  toMailboxInput,
  type UpdateDraft,
} from './mailbox-draft';
import { MicrosoftSignInForm } from './microsoft-account-panel';
import { ReceivingSection } from './receiving-section';
import { SendingSection } from './sending-section';

// Kept in view on long cards, so saving never needs a scroll to the bottom.
// As wide as the cards above it (no negative margin), so it lines up with the column.
const SAVE_BAR_CLASS =
  'sticky bottom-0 z-10 flex flex-wrap items-center gap-3 rounded-t-lg ' +
  'border border-slate-300 bg-white px-4 py-3 shadow-sm';

type MailboxCardFormProps = {
  data: CardData;
  /** After a save or a change of the Microsoft account: the page header shows the status. */
  onChanged: () => void;
};

/** One form for the whole card, saved with one button, as in the office software. */
export function MailboxCardForm({ data, onChanged }: MailboxCardFormProps) {
  const t = useTranslations('mailboxCard');
  const tCommon = useTranslations('common');
  const tMailboxes = useTranslations('mailboxes');
  const { settings } = useSettings();
  const [mailbox, setMailbox] = useState(data.mailbox);
  const [saved, setSaved] = useState<MailboxDraft>(() => toDraft(data.mailbox));
  const [draft, setDraft] = useState<MailboxDraft>(saved);
  const [notice, setNotice] = useState<string>();
  const { formRef, errors, isSubmitting, submit, clearFieldError } = useFormSubmit(MAILBOX_FIELDS);
  const csrfToken = useCsrfToken();
  const isReadOnly = useReadOnly();

  const update: UpdateDraft = useCallback(
    (key, value) => {
      setDraft((current) => ({ ...current, [key]: value }));
      setNotice(undefined);
      clearFieldError(key);
    },
    [clearFieldError],
  );

  const onSubmit = submit(async () => {
    const reply = await apiFetch<Mailbox>(`/api/mailboxes/${mailbox.id}`, {
      method: 'PUT',
      body: toMailboxInput(draft),
    });
    const next = toDraft(reply);
    setMailbox(reply);
    setSaved(next);
    setDraft(next);
    setNotice(tCommon('saved'));
    onChanged();
  });

  const onAccountChanged = useCallback(
    (reply: Mailbox) => {
      setMailbox(reply);
      onChanged();
    },
    [onChanged],
  );

  const isDirty = isDraftChanged(draft, saved);
  const sectionProps = {
    draft,
    update,
    errors: errors.fields,
    onTestFinished: onChanged,
    testCompanies: settings?.serversPerCompany ? data.companies : undefined,
  };

  return (
    <div className="space-y-6">
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-6">
        {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
        <SectionCard id="general" title={t('general')}>
          <KindField
            value={draft.kind}
            onChange={(kind) => update('kind', kind)}
            error={errors.fields.kind}
          />
          <TextField
            id="code"
            label={t('code')}
            hint={tMailboxes('codeHint')}
            required
            value={draft.code}
            onChange={(value) => update('code', value)}
            error={errors.fields.code}
          />
        </SectionCard>
        <SendingSection
          {...sectionProps}
          mailbox={mailbox}
          servers={data.outgoing}
          incomingServers={data.incoming}
          isDirty={isDirty}
          canSignIn={csrfToken !== undefined}
          onAccountChanged={onAccountChanged}
        />
        <ReceivingSection
          {...sectionProps}
          mailbox={mailbox}
          servers={data.incoming}
          isDirty={isDirty}
        />
        {settings?.serversPerCompany ? (
          <CompanyServersFieldset
            {...sectionProps}
            companies={data.companies}
            outgoing={data.outgoing}
            incoming={data.incoming}
          />
        ) : null}
        <div className={SAVE_BAR_CLASS}>
          <button
            type="submit"
            className={buttonClass('primary')}
            disabled={isSubmitting || isReadOnly}
            aria-describedby={isReadOnly ? 'mailbox-read-only' : undefined}
          >
            {isSubmitting ? tCommon('saving') : tCommon('save')}
          </button>
          <ReadOnlyHint id="mailbox-read-only" />
          {isDirty ? <p className="text-sm text-slate-800">{t('unsaved')}</p> : null}
          {/* Always present, so screen readers announce the text when it appears. */}
          <p role="status" className="text-sm font-medium text-green-800">
            {notice && !isDirty ? notice : ''}
          </p>
        </div>
      </form>
      {/* Outside the card form: HTML forbids nested forms; [Anmelden] points here. */}
      <MicrosoftSignInForm mailboxId={mailbox.id} csrfToken={csrfToken} />
      <DeleteMailboxSection mailbox={mailbox} />
    </div>
  );
}

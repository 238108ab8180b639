'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { FormAlert } from '@/components/form-alert';
import { ReadOnlyHint, useReadOnly } from '@/components/read-only-hint';
import { TextField } from '@/components/text-field';
import { apiFetch } from '@/lib/api-client';
import type { Mailbox, MailboxInput, MailboxKind } from '@/lib/api-types';
import { mailboxRoute, ROUTES } from '@/lib/routes';
import { buttonClass, CARD_CLASS } from '@/lib/ui';
import { useFormSubmit } from '@/lib/use-form-submit';
import { KindField } from '../kind-field';

const FIELDS = ['kind', 'code', 'displayName', 'externalAddress'] as const;

/** The four things a mailbox needs to exist; servers and accounts follow on its card. */
export function NewMailboxForm({ initialKind }: { initialKind: MailboxKind }) {
  const t = useTranslations('mailboxes');
  const tCommon = useTranslations('common');
  const router = useRouter();
  const [kind, setKind] = useState(initialKind);
  const [code, setCode] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [externalAddress, setExternalAddress] = useState('');
  const { formRef, errors, isSubmitting, submit, clearFieldError } = useFormSubmit(FIELDS);
  const isReadOnly = useReadOnly();

  const onSubmit = submit(async () => {
    const body: MailboxInput = {
      kind,
      code: code.trim(),
      displayName: displayName.trim(),
      externalAddress: externalAddress.trim(),
    };
    const created = await apiFetch<Mailbox>('/api/mailboxes', { method: 'POST', body });
    router.push(mailboxRoute(created.id));
  });

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className={`${CARD_CLASS} space-y-4`}>
      {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
      <KindField value={kind} onChange={setKind} error={errors.fields.kind} />
      <TextField
        id="code"
        label={t('code')}
        hint={t('codeHint')}
        required
        value={code}
        onChange={(value) => {
          setCode(value);
          clearFieldError('code');
        }}
        error={errors.fields.code}
      />
      <TextField
        id="displayName"
        label={t('displayName')}
        required
        value={displayName}
        onChange={(value) => {
          setDisplayName(value);
          clearFieldError('displayName');
        }}
        error={errors.fields.displayName}
      />
      <TextField
        id="externalAddress"
        label={t('externalAddress')}
        type="email"
        inputMode="email"
        autoComplete="off"
        required
        value={externalAddress}
        onChange={(value) => {
          setExternalAddress(value);
          clearFieldError('externalAddress');
        }}
        error={errors.fields.externalAddress}
      />
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="submit"
          className={buttonClass('primary')}
          disabled={isSubmitting || isReadOnly}
          aria-describedby={isReadOnly ? 'new-mailbox-read-only' : undefined}
        >
          {isSubmitting ? tCommon('saving') : t('createSubmit')}
        </button>
        <Link href={ROUTES.mailboxes} className={buttonClass('secondary')}>
          {tCommon('cancel')}
        </Link>
        <ReadOnlyHint id="new-mailbox-read-only" />
      </div>
    </form>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { describedBy, FieldMessages } from '@/components/field-messages';
import type { MailboxKind } from '@/lib/api-types';
import { MAILBOX_KINDS } from './mailbox-kind';

type KindFieldProps = { value: MailboxKind; onChange: (kind: MailboxKind) => void; error?: string };

/** Mitarbeiter or öffentliches Postfach, as two radio buttons in a fieldset. */
export function KindField({ value, onChange, error }: KindFieldProps) {
  const t = useTranslations('mailboxes');
  const tKind = useTranslations('mailboxKind');

  return (
    <fieldset aria-describedby={describedBy({ id: 'kind', error })}>
      <legend className="mb-1 text-sm font-medium text-slate-900">{t('kind')}</legend>
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        {MAILBOX_KINDS.map((kind) => (
          <label key={kind} className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name="kind"
              value={kind}
              checked={value === kind}
              onChange={() => onChange(kind)}
              className="size-4 accent-blue-700"
            />
            {tKind(kind)}
          </label>
        ))}
      </div>
      <FieldMessages id="kind" error={error} />
    </fieldset>
  );
}

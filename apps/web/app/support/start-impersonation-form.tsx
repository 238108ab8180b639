'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { FormAlert } from '@/components/form-alert';
import { SectionCard } from '@/components/section-card';
import { TextField } from '@/components/text-field';
import { ApiError, apiFetch } from '@/lib/api-client';
import type { SupportTenant } from '@/lib/api-types';
import { ROUTES } from '@/lib/routes';
import { buttonClass } from '@/lib/ui';
import { useFormSubmit } from '@/lib/use-form-submit';

const FIELDS = ['reason', 'durationMinutes'] as const;
const DEFAULT_MINUTES = '30';
const MAX_MINUTES = 60;

/**
 * Starts acting for a tenant, read-only at first. When the tenant wants to approve support
 * access, the same reason can be sent as an access request instead.
 */
export function StartImpersonationForm({ tenant }: { tenant: SupportTenant }) {
  const t = useTranslations('support');
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState(DEFAULT_MINUTES);
  const [needsApproval, setNeedsApproval] = useState(false);
  const [requested, setRequested] = useState(false);
  const { formRef, errors, isSubmitting, submit } = useFormSubmit(FIELDS);

  const onSubmit = submit(async () => {
    checkInput(reason, minutes, t);
    try {
      await apiFetch('/api/support/impersonations', {
        method: 'POST',
        body: { tenantId: tenant.id, reason: reason.trim(), durationMinutes: Number(minutes) },
      });
    } catch (error) {
      setNeedsApproval(error instanceof ApiError && error.code === 'SUPPORT_APPROVAL_REQUIRED');
      throw error;
    }
    // A full load: the portal shell is rendered on the server for the new session state.
    window.location.assign(ROUTES.overview);
  });

  const requestAccess = submit(async () => {
    checkInput(reason, minutes, t);
    await apiFetch('/api/support/access-requests', {
      method: 'POST',
      body: { tenantId: tenant.id, reason: reason.trim() },
    });
    setRequested(true);
  });

  return (
    <SectionCard id="start" title={t('startTitle')} description={t('startDescription')}>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
        {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
        {requested ? <FormAlert tone="success">{t('requestSent')}</FormAlert> : null}
        <TextField
          id="reason"
          label={t('reason')}
          hint={t('reasonHint')}
          required
          value={reason}
          onChange={setReason}
          error={errors.fields.reason}
        />
        <TextField
          id="durationMinutes"
          label={t('duration')}
          hint={t('durationHint')}
          type="number"
          inputMode="numeric"
          required
          value={minutes}
          onChange={setMinutes}
          error={errors.fields.durationMinutes}
          className="max-w-48"
        />
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={buttonClass('primary')} disabled={isSubmitting}>
            {t('start')}
          </button>
          {needsApproval || tenant.requireSupportApproval ? (
            <button
              type="button"
              className={buttonClass('secondary')}
              disabled={isSubmitting || requested}
              onClick={() => void requestAccess()}
            >
              {t('requestAccess')}
            </button>
          ) : null}
        </div>
      </form>
    </SectionCard>
  );
}

/**
 * Empty reason or a duration outside 1–60 is answered here, without a round trip. The codes
 * are this form's own (no `fieldIssues` text), so the worded messages below are shown as they are.
 */
function checkInput(reason: string, minutes: string, t: (key: string) => string): void {
  const fields = [];
  if (reason.trim().length < 3) {
    fields.push({ path: 'reason', code: 'REASON_TOO_SHORT', message: t('reasonRequired') });
  }
  const value = Number(minutes);
  if (!Number.isInteger(value) || value < 1 || value > MAX_MINUTES) {
    fields.push({ path: 'durationMinutes', code: 'DURATION_RANGE', message: t('durationRange') });
  }
  if (fields.length > 0) {
    throw new ApiError(400, 'VALIDATION_FAILED', '', fields);
  }
}

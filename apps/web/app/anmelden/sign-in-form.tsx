'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { FormAlert } from '@/components/form-alert';
import { TextField } from '@/components/text-field';
import { ApiError, apiFetch, rememberCsrfToken } from '@/lib/api-client';
import type { SessionReply } from '@/lib/api-types';
import { ROUTES } from '@/lib/routes';
import { buttonClass } from '@/lib/ui';
import { useFormSubmit } from '@/lib/use-form-submit';

const FIELDS = ['email', 'password'] as const;

export function SignInForm({ returnTo }: { returnTo?: string }) {
  const t = useTranslations('signIn');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { formRef, errors, isSubmitting, submit } = useFormSubmit(FIELDS);

  const onSubmit = submit(async () => {
    checkFilledIn({ email, password }, (field) => t(`${field}Required`));
    const reply = await apiFetch<SessionReply>('/api/auth/login', {
      method: 'POST',
      body: { email, password },
    });
    // Signing in starts a new session; later changes must carry the token of this reply.
    rememberCsrfToken(reply.csrfToken);
    // A full load: the shell is rendered on the server and must see the new session cookie.
    window.location.assign(returnTo ?? ROUTES.overview);
  });

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
      {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
      <TextField
        id="email"
        label={t('email')}
        type="email"
        autoComplete="username"
        inputMode="email"
        required
        value={email}
        onChange={setEmail}
        error={errors.fields.email}
      />
      <TextField
        id="password"
        label={t('password')}
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={setPassword}
        error={errors.fields.password}
      />
      <button type="submit" className={`${buttonClass('primary')} w-full`} disabled={isSubmitting}>
        {isSubmitting ? t('submitting') : t('submit')}
      </button>
    </form>
  );
}

/**
 * Empty fields are answered here, in the user's language, without a round trip. The code is
 * this form's own (no `fieldIssues` text), so the worded message is shown as it is.
 */
function checkFilledIn(
  values: Record<(typeof FIELDS)[number], string>,
  message: (field: (typeof FIELDS)[number]) => string,
): void {
  const fields = FIELDS.filter((field) => values[field].trim() === '').map((field) => ({
    path: field,
    code: 'SIGN_IN_FIELD_EMPTY',
    message: message(field),
  }));
  if (fields.length > 0) {
    throw new ApiError(400, 'VALIDATION_FAILED', '', fields);
  }
}

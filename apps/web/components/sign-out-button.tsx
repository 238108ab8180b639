'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { apiFetch } from '@/lib/api-client';
import { ROUTES } from '@/lib/routes';
import { buttonClass } from '@/lib/ui';

export function SignOutButton() {
  const t = useTranslations('shell');
  const [isBusy, setBusy] = useState(false);

  async function signOut() {
    setBusy(true);
    try {
      await apiFetch('/api/auth/logout', { method: 'POST' });
    } finally {
      // A full load, so nothing rendered for the signed-in user stays in memory.
      window.location.assign(ROUTES.signIn);
    }
  }

  return (
    <button
      type="button"
      className={buttonClass('secondary')}
      disabled={isBusy}
      onClick={() => void signOut()}
    >
      {t('signOut')}
    </button>
  );
}

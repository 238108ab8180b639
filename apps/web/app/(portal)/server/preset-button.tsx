'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { apiFetch } from '@/lib/api-client';
import type { Presets, ServerPreset, ServerRole } from '@/lib/api-types';
import { buttonClass } from '@/lib/ui';
import { useDescribeError } from '@/lib/use-describe-error';

type PresetButtonProps = { serverRole: ServerRole; onApply: (preset: ServerPreset) => void };

/** "Vorlage Microsoft 365": fills the form with the API's Microsoft 365 server data. */
export function PresetButton({ serverRole: role, onApply }: PresetButtonProps) {
  const t = useTranslations('servers');
  const describe = useDescribeError();
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function apply() {
    setBusy(true);
    setError(undefined);
    try {
      const presets = await apiFetch<Presets>('/api/presets');
      onApply(presets.microsoft365[role]);
    } catch (caught) {
      setError(describe(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <button
        type="button"
        className={buttonClass('secondary')}
        disabled={isBusy}
        onClick={() => void apply()}
      >
        {t('presetMicrosoft365')}
      </button>
      {error ? (
        <p role="alert" className="mt-1 text-sm font-medium text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useState } from 'react';
import { apiFetch } from '@/lib/api-client';
import type { Impersonation } from '@/lib/api-types';
import { ROUTES } from '@/lib/routes';
import { buttonClass } from '@/lib/ui';
import { useDescribeError } from '@/lib/use-describe-error';
import { FormAlert } from './form-alert';
import { useSettings } from './settings-provider';
import { TextField } from './text-field';

const BANNER_ROW_CLASS =
  'mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3';

/**
 * Sits on every page while support staff act for a tenant: whose data, whether changes are
 * allowed, the time left, and the ways to allow changes or to end the session.
 */
export function ImpersonationBanner({ impersonation }: { impersonation: Impersonation }) {
  const t = useTranslations('impersonation');
  const describe = useDescribeError();
  const secondsLeft = useCountdown(impersonation.secondsLeft);
  // Shared with every save button of the page: they come on with the step-up.
  const { isReadOnly, setReadOnly } = useSettings();
  const [isAsking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const isOver = secondsLeft <= 0;

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError(describe(caught));
    } finally {
      setBusy(false);
    }
  }

  const stepUp = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const trimmed = reason.trim();
      await apiFetch('/api/support/impersonations/current/step-up', {
        method: 'POST',
        body: trimmed ? { reason: trimmed } : {},
      });
      setReadOnly(false);
      setAsking(false);
    });
  };

  const stop = () =>
    void run(async () => {
      await apiFetch('/api/support/impersonations/current/stop', { method: 'POST' });
      window.location.assign(ROUTES.support);
    });

  const mode = isReadOnly ? t('readOnly') : t('changesAllowed');
  const tone = isReadOnly ? 'border-violet-700 bg-violet-50' : 'border-red-700 bg-red-50';
  return (
    <section aria-label={t('label')} className={`border-b-2 ${tone}`}>
      <div className={BANNER_ROW_CLASS}>
        <p className="text-sm font-semibold text-slate-950">
          {isOver
            ? t('expired', { tenant: impersonation.tenant.name })
            : t('text', { tenant: impersonation.tenant.name, mode, time: formatTime(secondsLeft) })}
        </p>
        <div className="flex flex-wrap gap-2">
          {isOver ? (
            <a href={ROUTES.support} className={buttonClass('primary')}>
              {t('backToConsole')}
            </a>
          ) : (
            <>
              {isReadOnly && !isAsking ? (
                <button
                  type="button"
                  className={buttonClass('secondary')}
                  onClick={() => setAsking(true)}
                >
                  {t('stepUp')}
                </button>
              ) : null}
              <button
                type="button"
                className={buttonClass('danger')}
                disabled={isBusy}
                onClick={stop}
              >
                {t('stop')}
              </button>
            </>
          )}
        </div>
      </div>
      {isAsking && !isOver ? (
        <form
          onSubmit={stepUp}
          className="mx-auto flex max-w-6xl flex-wrap items-end gap-3 px-4 pb-3"
        >
          <TextField
            id="step-up-reason"
            label={t('stepUpReason')}
            hint={t('stepUpHint')}
            value={reason}
            onChange={setReason}
            className="min-w-64 flex-1"
          />
          <button type="submit" className={buttonClass('primary')} disabled={isBusy}>
            {t('stepUpConfirm')}
          </button>
          <button type="button" className={buttonClass('quiet')} onClick={() => setAsking(false)}>
            {t('cancel')}
          </button>
        </form>
      ) : null}
      {/* Announces changes of mode and errors, not every tick of the clock. */}
      <div role="status" className="sr-only">
        {isOver ? t('expired', { tenant: impersonation.tenant.name }) : mode}
      </div>
      {error ? (
        <div className="mx-auto max-w-6xl px-4 pb-3">
          <FormAlert>{error}</FormAlert>
        </div>
      ) : null}
    </section>
  );
}

/** Counts down from the server's figure against the local clock, once a second. */
function useCountdown(initialSeconds: number): number {
  const [deadline] = useState(() => Date.now() + initialSeconds * 1000);
  const [left, setLeft] = useState(initialSeconds);

  useEffect(() => {
    const timer = window.setInterval(() => {
      const next = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      setLeft(next);
      if (next === 0) {
        window.clearInterval(timer);
      }
    }, 1000);
    return () => window.clearInterval(timer);
  }, [deadline]);

  return left;
}

function formatTime(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return `${String(minutes).padStart(2, '0')}:${String(rest).padStart(2, '0')}`;
}

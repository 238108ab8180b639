'use client';

import { useCallback, useEffect, useState } from 'react';
import { ApiError, apiFetch } from '@/lib/api-client';
import type { SettingsTestKind, SettingsTestRun } from '@/lib/api-types';

/** The worker appends a step the moment it starts; half a second feels live without flooding. */
const POLL_MS = 500;

export type SettingsTest = {
  run: SettingsTestRun | undefined;
  /** Starting or polling failed; the API's German message when it sent one. */
  error: unknown;
  isRunning: boolean;
  /** `companyId`: test the servers chosen for that company ("Verschiedene Server je Firma"). */
  start: (companyId?: string) => Promise<void>;
};

/** Starts a settings test of one kind and polls it until the worker reports it finished. */
export function useSettingsTest(
  mailboxId: string,
  kind: SettingsTestKind,
  onFinished?: () => void,
): SettingsTest {
  const [run, setRun] = useState<SettingsTestRun>();
  const [error, setError] = useState<unknown>();
  const [isStarting, setStarting] = useState(false);
  const [polls, setPolls] = useState(0);
  const runId = run && !isFinished(run) ? run.id : undefined;

  useEffect(() => {
    if (!runId) {
      return;
    }
    // `polls` is read so that every answer schedules the next poll.
    void polls;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      apiFetch<SettingsTestRun>(`/api/settings-tests/${runId}`, { signal: controller.signal })
        .then((reply) => {
          setRun(reply);
          setPolls((count) => count + 1);
          if (isFinished(reply)) {
            // The worker has set the mailbox's status with the result; show it now.
            onFinished?.();
          }
        })
        .catch((caught: unknown) => {
          // Polling stops here; a new click on [Einstellungen testen] starts afresh.
          if (!controller.signal.aborted) {
            setError(caught);
            setRun(undefined);
          }
        });
    }, POLL_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [runId, polls, onFinished]);

  const start = useCallback(
    async (companyId?: string) => {
      setStarting(true);
      setError(undefined);
      setRun(undefined);
      try {
        const started = await apiFetch<SettingsTestRun>(`/api/mailboxes/${mailboxId}/tests`, {
          method: 'POST',
          body: { kind, companyId },
        });
        setRun(started);
      } catch (caught) {
        setError(caught instanceof ApiError ? caught : new ApiError(0, 'UNKNOWN', ''));
      } finally {
        setStarting(false);
      }
    },
    [mailboxId, kind],
  );

  return { run, error, isRunning: isStarting || runId !== undefined, start };
}

export function isFinished(run: SettingsTestRun): boolean {
  return run.status === 'PASSED' || run.status === 'FAILED';
}

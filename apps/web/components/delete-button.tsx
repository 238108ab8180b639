'use client';

import { useState } from 'react';
import { buttonClass } from '@/lib/ui';
import { useDescribeError } from '@/lib/use-describe-error';
import { useReadOnly } from './read-only-hint';

type DeleteButtonProps = {
  label: string;
  /** The question in the browser's confirm dialog, naming what goes. */
  confirmText: string;
  onDelete: () => Promise<void>;
  /** Accessible name when the visible label alone is ambiguous (e.g. in a table row). */
  ariaLabel?: string;
};

/**
 * Deletes after the browser's own confirm dialog (keyboard- and screen-reader-friendly),
 * and says why when the API refuses, e.g. a server still used by mailboxes.
 */
export function DeleteButton({ label, confirmText, onDelete, ariaLabel }: DeleteButtonProps) {
  const describe = useDescribeError();
  const isReadOnly = useReadOnly();
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function run() {
    if (!window.confirm(confirmText)) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await onDelete();
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
        className={buttonClass('danger')}
        disabled={isBusy || isReadOnly}
        aria-label={ariaLabel}
        onClick={() => void run()}
      >
        {label}
      </button>
      {error ? (
        // Narrow, so a long refusal in a table cell wraps instead of widening the table.
        <p role="alert" className="mt-2 max-w-64 text-left text-sm font-medium text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

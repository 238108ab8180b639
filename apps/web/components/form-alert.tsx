import type { ReactNode } from 'react';

type FormAlertProps = { children: ReactNode; tone?: 'error' | 'success' | 'warning' | 'info' };

const TONES = {
  error: 'border-red-700 bg-red-50 text-red-900',
  success: 'border-green-700 bg-green-50 text-green-900',
  warning: 'border-amber-600 bg-amber-50 text-amber-950',
  info: 'border-blue-700 bg-blue-50 text-blue-950',
} as const;

const ALERT_BASE =
  'rounded-md border-l-4 px-4 py-3 text-sm ' +
  'focus-visible:outline-2 focus-visible:outline-blue-700';

/**
 * A message box. Errors are an alert (announced at once) and focusable, so a failed submit
 * can move focus here; the other tones are polite status messages.
 */
export function FormAlert({ children, tone = 'error' }: FormAlertProps) {
  const isError = tone === 'error';
  return (
    <div
      role={isError ? 'alert' : 'status'}
      tabIndex={isError ? -1 : undefined}
      data-form-alert={isError ? '' : undefined}
      className={`${ALERT_BASE} ${TONES[tone]}`}
    >
      {children}
    </div>
  );
}

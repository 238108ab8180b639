// Shared Tailwind class lists. Colours are chosen for at least 4.5:1 text contrast and
// 3:1 for borders and focus rings on white (WCAG 2.2, 1.4.3 and 1.4.11).

const BUTTON_BASE =
  'inline-flex items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 ' +
  'disabled:cursor-not-allowed disabled:opacity-60';

const BUTTON_VARIANTS = {
  primary: 'bg-blue-700 text-white hover:bg-blue-800',
  secondary: 'border border-slate-500 bg-white text-slate-900 hover:bg-slate-100',
  danger: 'border border-red-700 bg-white text-red-800 hover:bg-red-50',
  quiet: 'text-blue-800 underline-offset-2 hover:underline px-2',
} as const;

export type ButtonVariant = keyof typeof BUTTON_VARIANTS;

export function buttonClass(variant: ButtonVariant = 'primary'): string {
  return `${BUTTON_BASE} ${BUTTON_VARIANTS[variant]}`;
}

export const INPUT_CLASS =
  'block w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-sm text-slate-900 ' +
  'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-700 ' +
  'aria-[invalid=true]:border-red-700 aria-[invalid=true]:border-2 disabled:bg-slate-100';

export const LINK_CLASS =
  'font-medium text-blue-800 underline underline-offset-2 hover:text-blue-950 ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700';

export const CARD_CLASS = 'rounded-lg border border-slate-300 bg-white p-4 shadow-sm sm:p-6';

export const TABLE_CLASS = 'min-w-full divide-y divide-slate-200 text-left text-sm';

export const TH_CLASS = 'px-3 py-2 font-semibold text-slate-700';

export const TD_CLASS = 'px-3 py-2 align-top';

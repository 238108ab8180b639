'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { buttonClass } from '@/lib/ui';
import type { ApiQuery } from '@/lib/use-api-query';
import { useDescribeError } from '@/lib/use-describe-error';
import { FormAlert } from './form-alert';

const SPINNER_CLASS =
  'mr-2 inline-block size-4 animate-spin rounded-full border-2 border-slate-400 ' +
  'border-t-blue-700 align-[-2px] motion-reduce:animate-none';

const EMPTY_CLASS =
  'rounded-lg border border-dashed border-slate-400 bg-white px-6 py-8 text-center';

type QueryStateProps<T> = {
  query: ApiQuery<T>;
  /** Shown instead of the content when the data is there but empty. */
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
};

/** Loading, error (with a retry) and empty states around data from useApiQuery. */
export function QueryState<T>({ query, empty, isEmpty, children }: QueryStateProps<T>) {
  const t = useTranslations('common');
  const describe = useDescribeError();

  if (query.error && query.data === undefined) {
    return (
      <FormAlert>
        <p>{describe(query.error)}</p>
        <button type="button" className={`${buttonClass('secondary')} mt-2`} onClick={query.reload}>
          {t('retry')}
        </button>
      </FormAlert>
    );
  }
  if (query.data === undefined) {
    return <LoadingState />;
  }
  if (empty && isEmpty?.(query.data)) {
    return <>{empty}</>;
  }
  return <>{children(query.data)}</>;
}

export function LoadingState() {
  const t = useTranslations('common');
  return (
    <p role="status" className="py-6 text-slate-700">
      <span aria-hidden="true" className={SPINNER_CLASS} />
      {t('loading')}
    </p>
  );
}

type EmptyStateProps = { title: string; children?: ReactNode };

export function EmptyState({ title, children }: EmptyStateProps) {
  return (
    <div className={EMPTY_CLASS}>
      <p className="font-medium text-slate-900">{title}</p>
      {children ? <div className="mt-2 text-sm text-slate-700">{children}</div> : null}
    </div>
  );
}

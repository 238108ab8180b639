'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { CheckboxField } from '@/components/checkbox-field';
import { DateTime } from '@/components/date-time';
import { FormAlert } from '@/components/form-alert';
import { EmptyState, QueryState } from '@/components/query-state';
import { SectionCard } from '@/components/section-card';
import { apiFetch } from '@/lib/api-client';
import type { AccessRequest } from '@/lib/api-types';
import { buttonClass } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';
import { useDescribeError } from '@/lib/use-describe-error';

type Policy = { requireSupportApproval: boolean };

/** Whether support must ask before acting for the firm, and the requests waiting for an answer. */
export function AccessApproval() {
  const t = useTranslations('audit');
  const describe = useDescribeError();
  const policy = useApiQuery<Policy>('/api/access-requests/policy');
  const requests = useApiQuery<{ requests: AccessRequest[] }>('/api/access-requests');
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function run(action: () => Promise<unknown>) {
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

  const setRequired = (required: boolean) =>
    run(async () => {
      await apiFetch('/api/access-requests/policy', {
        method: 'PUT',
        body: { requireSupportApproval: required },
      });
      policy.reload();
    });

  const decide = (id: string, decision: 'approve' | 'decline') =>
    run(async () => {
      await apiFetch(`/api/access-requests/${encodeURIComponent(id)}/${decision}`, {
        method: 'POST',
      });
      requests.reload();
    });

  return (
    <SectionCard id="approval" title={t('approvalTitle')}>
      {error ? <FormAlert>{error}</FormAlert> : null}
      <QueryState query={policy}>
        {(data) => (
          <CheckboxField
            id="requireSupportApproval"
            label={t('requireApproval')}
            hint={t('requireApprovalHint')}
            checked={data.requireSupportApproval}
            disabled={isBusy}
            onChange={(checked) => void setRequired(checked)}
          />
        )}
      </QueryState>
      <h3 className="font-semibold text-slate-900">{t('pendingTitle')}</h3>
      <QueryState
        query={requests}
        isEmpty={(data) => pendingOf(data.requests).length === 0}
        empty={<EmptyState title={t('noPending')} />}
      >
        {(data) => (
          <ul className="divide-y divide-slate-200">
            {pendingOf(data.requests).map((request) => (
              <li
                key={request.id}
                className="flex flex-wrap items-center justify-between gap-3 py-2"
              >
                <div className="text-sm">
                  <p className="font-medium text-slate-900">
                    {request.supportUser.name}: {request.reason}
                  </p>
                  <p className="text-slate-700">
                    {t('requestedAt')} <DateTime value={request.createdAt} />
                  </p>
                </div>
                <div className="flex gap-2">
                  <button
                    type="button"
                    className={buttonClass('primary')}
                    disabled={isBusy}
                    onClick={() => void decide(request.id, 'approve')}
                  >
                    {t('approve')}
                  </button>
                  <button
                    type="button"
                    className={buttonClass('danger')}
                    disabled={isBusy}
                    onClick={() => void decide(request.id, 'decline')}
                  >
                    {t('decline')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </SectionCard>
  );
}

function pendingOf(requests: AccessRequest[]): AccessRequest[] {
  return requests.filter((request) => request.status === 'PENDING');
}

'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { DateTime } from '@/components/date-time';
import { VerdictBadge } from '@/components/deliverability/verdict-badge';
import { QueryState } from '@/components/query-state';
import { useReadOnly } from '@/components/read-only-hint';
import { SectionCard } from '@/components/section-card';
import { apiFetch } from '@/lib/api-client';
import type { DeliverabilityCheck, DomainChecks } from '@/lib/deliverability-types';
import { buttonClass } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';
import { useDescribeError } from '@/lib/use-describe-error';

/**
 * SPF, DKIM and DMARC of the company's domains for the route its mail takes: the verdict in
 * plain German, why, and the DNS record to add, ready to copy.
 */
export function DeliverabilityPanel({ companyId }: { companyId: string }) {
  const t = useTranslations('deliverability');
  const path = `/api/companies/${encodeURIComponent(companyId)}/deliverability`;
  const latest = useApiQuery<{ domains: DomainChecks[] }>(path);
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<string>();
  const describe = useDescribeError();
  const isReadOnly = useReadOnly();

  async function runChecks() {
    setRunning(true);
    setFailure(undefined);
    try {
      await apiFetch(path, { method: 'POST' });
      latest.reload();
    } catch (error) {
      setFailure(`${t('failed')} ${describe(error)}`);
    } finally {
      setRunning(false);
    }
  }

  return (
    <SectionCard id="deliverability" title={t('title')} description={t('description')}>
      <button
        type="button"
        className={buttonClass('secondary')}
        onClick={runChecks}
        disabled={running || isReadOnly}
      >
        {running ? t('running') : t('run')}
      </button>
      {failure ? (
        <p role="alert" className="text-sm text-red-800">
          {failure}
        </p>
      ) : null}
      <QueryState query={latest}>
        {(data) =>
          data.domains.length === 0 ? (
            <p className="text-sm text-slate-700">{t('noDomains')}</p>
          ) : (
            <div className="space-y-6">
              {data.domains.map((domain) => (
                <DomainResult key={domain.companyDomainId} domain={domain} />
              ))}
            </div>
          )
        }
      </QueryState>
    </SectionCard>
  );
}

function DomainResult({ domain }: { domain: DomainChecks }) {
  const t = useTranslations('deliverability');
  return (
    <div>
      <h3 className="font-semibold text-slate-900">{domain.domain}</h3>
      {domain.checks.length === 0 ? (
        <p className="text-sm text-slate-700">{t('notChecked')}</p>
      ) : (
        <ul className="mt-2 space-y-4">
          {domain.checks.map((check) => (
            <CheckResult key={check.id} check={check} />
          ))}
        </ul>
      )}
    </div>
  );
}

function CheckResult({ check }: { check: DeliverabilityCheck }) {
  const t = useTranslations('deliverability');
  const route = t(`route.${check.route}`, { host: check.serverHost ?? '' });
  return (
    <li className="rounded border border-slate-200 p-3">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm font-medium">{route}</span>
        <VerdictBadge verdict={check.verdict} />
        <span className="text-xs text-slate-600">
          {t('checked')} <DateTime value={check.checkedAt} />
        </span>
      </div>
      <p className="mt-1 text-sm">{check.summary}</p>
      <ul className="mt-2 list-disc space-y-2 pl-5 text-sm">
        {check.findings.map((finding) => (
          <li key={`${finding.area}-${finding.code}`}>
            {finding.message}
            {finding.record ? <CopyableRecord record={finding.record} /> : null}
          </li>
        ))}
      </ul>
    </li>
  );
}

function CopyableRecord({ record }: { record: string }) {
  const t = useTranslations('deliverability');
  const [copied, setCopied] = useState(false);
  return (
    <div className="mt-1 flex flex-wrap items-start gap-2">
      <pre className="max-w-full overflow-x-auto rounded bg-slate-100 px-2 py-1 text-xs">
        <code>{record}</code>
      </pre>
      <button
        type="button"
        className={buttonClass('secondary')}
        onClick={() => {
          void navigator.clipboard?.writeText(record).then(() => setCopied(true));
        }}
      >
        {copied ? t('copied') : t('copy')}
      </button>
    </div>
  );
}

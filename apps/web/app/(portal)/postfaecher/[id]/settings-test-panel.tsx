'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { FormAlert } from '@/components/form-alert';
import { useReadOnly } from '@/components/read-only-hint';
import { SelectField } from '@/components/select-field';
import type { Company, SettingsTestKind, SettingsTestRun, SettingsTestStep } from '@/lib/api-types';
import { formatDuration } from '@/lib/format-units';
import { inboxRoute } from '@/lib/routes';
import { buttonClass, LINK_CLASS } from '@/lib/ui';
import { useDescribeError } from '@/lib/use-describe-error';
import { useSettingsTest } from './use-settings-test';

type SettingsTestPanelProps = {
  mailboxId: string;
  kind: SettingsTestKind;
  /** The test uses the saved servers, so unsaved changes must be saved first. */
  isDirty: boolean;
  /** Called once when the run has passed or failed, e.g. to refresh the status in the header. */
  onFinished?: () => void;
  /** With "Verschiedene Server je Firma": the admin picks whose servers to test. */
  companies?: Company[];
};

const STEP_CLASS = 'rounded-md border-l-4 bg-white px-3 py-2 text-sm shadow-sm';

const STEP_TONES: Record<SettingsTestStep['status'], string> = {
  passed: 'border-green-700',
  running: 'border-blue-700',
  failed: 'border-red-700',
};

const STEP_ICONS: Record<SettingsTestStep['status'], string> = {
  passed: '✓',
  running: '…',
  failed: '✕',
};

/**
 * [Einstellungen testen]: starts the test and shows each step as the worker reports it, with
 * its time; a failed step says what went wrong and what to do, in the worker's German words.
 */
export function SettingsTestPanel(props: SettingsTestPanelProps) {
  const { mailboxId, kind, isDirty, onFinished, companies } = props;
  const t = useTranslations('mailboxCard.settingsTest');
  const describe = useDescribeError();
  const test = useSettingsTest(mailboxId, kind, onFinished);
  const isReadOnly = useReadOnly();
  const hintId = `settings-test-${kind}-hint`;
  const { run } = test;
  const [companyId, setCompanyId] = useState('');

  return (
    <div className="space-y-3 rounded-md border border-slate-300 p-4">
      {companies && companies.length > 0 ? (
        <SelectField
          id={`settings-test-${kind}-company`}
          label={t('company')}
          hint={t('companyHint')}
          value={companyId}
          options={[
            { value: '', label: t('noCompany') },
            ...companies.map((company) => ({ value: company.id, label: company.name })),
          ]}
          onChange={setCompanyId}
        />
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          className={buttonClass('secondary')}
          disabled={isDirty || test.isRunning || isReadOnly}
          aria-describedby={hintId}
          onClick={() => void test.start(companyId || undefined)}
        >
          {/* The name stays put while running; the status line below says what happens. */}
          {t('button')}
        </button>
        <p id={hintId} className="text-sm text-slate-700">
          {isDirty ? t('saveFirst') : t(`hint.${kind}`)}
        </p>
      </div>
      {test.error ? <FormAlert>{describe(test.error)}</FormAlert> : null}
      {/* Always present, so the outcome is announced when it changes. */}
      <p role="status" className="text-sm font-medium">
        {run ? <RunSummary run={run} /> : null}
      </p>
      {run && run.steps.length > 0 ? <StepList steps={run.steps} kind={kind} /> : null}
      {run?.status === 'PASSED' && kind === 'FULL_LOOP' ? (
        <p className="text-sm">
          <Link href={inboxRoute(mailboxId)} className={LINK_CLASS}>
            {t('toInbox')}
          </Link>
        </p>
      ) : null}
    </div>
  );
}

function RunSummary({ run }: { run: SettingsTestRun }) {
  const t = useTranslations('mailboxCard.settingsTest.summary');
  const tones = {
    QUEUED: 'text-slate-800',
    RUNNING: 'text-blue-900',
    PASSED: 'text-green-800',
    FAILED: 'text-red-800',
  } as const;
  return <span className={tones[run.status]}>{t(run.status)}</span>;
}

function StepList({ steps, kind }: { steps: SettingsTestStep[]; kind: SettingsTestKind }) {
  const t = useTranslations('mailboxCard.settingsTest');
  const format = useFormatter();

  return (
    <ol aria-label={t(`stepsLabel.${kind}`)} className="space-y-2">
      {steps.map((step) => (
        <li key={step.key} className={`${STEP_CLASS} ${STEP_TONES[step.status]}`}>
          <div className="flex flex-wrap items-baseline justify-between gap-x-4">
            <p className="font-medium">
              <span aria-hidden="true">{STEP_ICONS[step.status]} </span>
              {step.label}
            </p>
            <p className="text-slate-800">
              {t(`stepStatus.${step.status}`)}
              {step.durationMs !== undefined
                ? ` · ${formatDuration(step.durationMs, format.number)}`
                : ''}
            </p>
          </div>
          {step.detail ? <p className="mt-1 break-words text-slate-700">{step.detail}</p> : null}
          {step.status === 'failed' ? <StepFailure step={step} /> : null}
        </li>
      ))}
    </ol>
  );
}

function StepFailure({ step }: { step: SettingsTestStep }) {
  const t = useTranslations('mailboxCard.settingsTest');
  return (
    <div className="mt-2 space-y-1 text-red-900">
      {step.messageDe ? <p className="font-medium">{step.messageDe}</p> : null}
      {step.actionDe ? (
        <p className="text-slate-900">
          <strong>{t('whatToDo')}</strong> {step.actionDe}
        </p>
      ) : null}
      {step.errorCode ? (
        <p className="text-xs text-slate-700">
          {t('code')}: <code>{step.errorCode}</code>
        </p>
      ) : null}
    </div>
  );
}

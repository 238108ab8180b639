import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { LanguageSwitch } from '@/components/language-switch';
import { firstParam, toReasonKey, toShownCode } from '@/lib/microsoft-reasons';
import { CARD_CLASS } from '@/lib/ui';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('consentResult');
  return { title: t('pageTitle') };
}

const OUTCOMES = ['linked', 'used', 'expired', 'revoked', 'error'] as const;

type Outcome = (typeof OUTCOMES)[number];

const TONES: Record<Outcome | 'unknown', string> = {
  linked: 'border-l-green-700',
  used: 'border-l-amber-600',
  expired: 'border-l-amber-600',
  revoked: 'border-l-amber-600',
  error: 'border-l-red-700',
  unknown: 'border-l-slate-500',
};

type ConsentResultPageProps = {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * Where an employee lands after opening the link from the admin and visiting Microsoft.
 * Public on purpose: employees have no portal account, so no shell and no sign-in here.
 */
export default async function ConsentResultPage({ searchParams }: ConsentResultPageProps) {
  const t = await getTranslations('consentResult');
  const query = await searchParams;
  const status = firstParam(query.status);
  const outcome = OUTCOMES.find((candidate) => candidate === status) ?? 'unknown';
  const reason = firstParam(query.reason);
  const reasonKey = toReasonKey(reason, (key) => t.has(`reasons.${key}`));
  const code = outcome === 'error' ? toShownCode(reason) : undefined;

  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center px-4 py-10">
      <div className="mb-4 flex items-center justify-between">
        <p className="text-xl font-bold text-blue-900">Postwerk</p>
        <LanguageSwitch />
      </div>
      <div className={`${CARD_CLASS} border-l-4 ${TONES[outcome]} space-y-3`}>
        <h1 className="text-2xl font-semibold text-slate-900">{t(`${outcome}.title`)}</h1>
        {outcome === 'error' ? <p className="text-slate-800">{t(`reasons.${reasonKey}`)}</p> : null}
        <p className="text-slate-800">{t(`${outcome}.body`)}</p>
        {code ? (
          <p className="text-sm text-slate-700">
            {t('code')}: <code>{code}</code>
          </p>
        ) : null}
      </div>
    </main>
  );
}

import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AdminConsentLink } from '@/components/admin-consent-link';
import { LanguageSwitch } from '@/components/language-switch';
import { firstParam, needsAdminConsent, toReasonKey, toShownCode } from '@/lib/microsoft-reasons';
import { CARD_CLASS } from '@/lib/ui';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('consentResult');
  return { title: t('pageTitle') };
}

// `admin-consented` and `admin-consent-error` answer the admin-consent link, opened by the
// organisation's Microsoft 365 administrator, who has no portal account either.
const OUTCOMES = [
  'linked',
  'linked-other-account',
  'used',
  'expired',
  'revoked',
  'error',
  'admin-consented',
  'admin-consent-error',
] as const;

type Outcome = (typeof OUTCOMES)[number];

const TONES: Record<Outcome | 'unknown', string> = {
  linked: 'border-l-green-700',
  'linked-other-account': 'border-l-amber-600',
  used: 'border-l-amber-600',
  expired: 'border-l-amber-600',
  revoked: 'border-l-amber-600',
  error: 'border-l-red-700',
  'admin-consented': 'border-l-green-700',
  'admin-consent-error': 'border-l-red-700',
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
  const isError = outcome === 'error' || outcome === 'admin-consent-error';
  const code = isError ? toShownCode(reason) : undefined;
  // The employee's sign-in needs an administrator: the page to hand over carries the link.
  const showAdminLink =
    (outcome === 'error' && needsAdminConsent(reasonKey)) || outcome === 'admin-consent-error';
  const accounts = outcome === 'linked-other-account' ? readAccounts(query) : undefined;

  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center px-4 py-10">
      <div className="mb-4 flex items-center justify-between">
        <p className="text-xl font-bold text-blue-900">Postwerk</p>
        <LanguageSwitch />
      </div>
      <div className={`${CARD_CLASS} border-l-4 ${TONES[outcome]} space-y-3`}>
        <h1 className="text-2xl font-semibold text-slate-900">{t(`${outcome}.title`)}</h1>
        {outcome === 'error' ? <p className="text-slate-800">{t(`reasons.${reasonKey}`)}</p> : null}
        {accounts ? (
          <p className="text-slate-800">{t('linked-other-account.accounts', accounts)}</p>
        ) : null}
        <p className="text-slate-800">{t(`${outcome}.body`)}</p>
        {outcome === 'linked-other-account' ? (
          <p className="text-slate-800">{t('linked-other-account.next')}</p>
        ) : null}
        {showAdminLink ? <AdminConsentLink /> : null}
        {code ? (
          <p className="text-sm text-slate-700">
            {t('code')}: <code>{code}</code>
          </p>
        ) : null}
      </div>
    </main>
  );
}

// The API names both accounts in the query. Anyone can put text in a URL, so only plain
// addresses are shown; anything else leaves the sentence out.
const ADDRESS_PATTERN = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,190}$/;

function readAccounts(query: Record<string, string | string[] | undefined>) {
  const account = firstParam(query.account);
  const expected = firstParam(query.expected);
  const isShown = [account, expected].every((value) => value && ADDRESS_PATTERN.test(value));
  return isShown ? { account: account as string, expected: expected as string } : undefined;
}

'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { ErrorCodeText } from '@/components/error-code-text';
import { FormAlert } from '@/components/form-alert';
import type { Mailbox } from '@/lib/api-types';
import { toDeadLinkKey } from '@/lib/microsoft-reasons';
import { mailboxRoute } from '@/lib/routes';
import { buttonClass, LINK_CLASS } from '@/lib/ui';

type Problem = 'signInRequired' | 'accountDead' | 'identityMismatch' | 'sendFailed' | 'fetchFailed';

/**
 * Mailboxes that need the admin, each with what to do. A dead Microsoft link must show up
 * here in words, not only as a failed send later.
 */
export function AttentionList({
  mailboxes,
  hideAllClear = false,
}: {
  mailboxes: Mailbox[];
  /** Nothing has been tested yet: "all clear" would claim what nobody checked. */
  hideAllClear?: boolean;
}) {
  const t = useTranslations('overview.attention');
  const items = mailboxes.flatMap((mailbox) =>
    findProblems(mailbox).map((problem) => ({ mailbox, problem })),
  );

  if (items.length === 0) {
    const untested = mailboxes.filter((mailbox) => mailbox.status === 'UNTESTED').length;
    if (hideAllClear) {
      return null;
    }
    return (
      <FormAlert tone="success">
        {t('none')}
        {untested > 0 ? ` ${t('untested', { count: untested })}` : null}
      </FormAlert>
    );
  }

  return (
    <section aria-labelledby="attention-title">
      <h2 id="attention-title" className="mb-3 text-lg font-semibold">
        {t('title', { count: items.length })}
      </h2>
      <ul className="space-y-2">
        {items.map(({ mailbox, problem }) => (
          <li
            key={`${mailbox.id}-${problem}`}
            className="rounded-md border-l-4 border-amber-600 bg-white px-4 py-3 shadow-sm"
          >
            <p className="font-medium">
              <Link href={mailboxRoute(mailbox.id)} className={LINK_CLASS}>
                {mailbox.code} – {mailbox.displayName}
              </Link>
            </p>
            <p className="mt-1 text-sm text-slate-800">
              <ProblemText mailbox={mailbox} problem={problem} />
            </p>
            {codeOf(mailbox, problem) ? (
              <p className="mt-1 text-xs text-slate-700">
                {t('code')}: <ErrorCodeText code={codeOf(mailbox, problem) ?? ''} />
              </p>
            ) : null}
            <ProblemActions mailbox={mailbox} problem={problem} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * What to do, in words. A dead Microsoft link says why it died where Microsoft told us
 * (AADSTS700082: unused for 90 days, AADSTS50173: password changed or sessions revoked).
 */
function ProblemText({ mailbox, problem }: { mailbox: Mailbox; problem: Problem }) {
  const t = useTranslations('overview.attention');
  const tDead = useTranslations('microsoftLinkDead');
  const account = mailbox.microsoftAccount;
  const values = { account: account?.upn ?? '' };
  if (problem === 'accountDead') {
    return (
      <>
        {tDead(
          toDeadLinkKey(account?.deadCode, (key) => tDead.has(key)),
          values,
        )}
      </>
    );
  }
  return <>{t(problem, values)}</>;
}

/**
 * The step that fixes a missing or dead Microsoft link, one click away: [Anmelden] goes
 * straight to Microsoft, the same plain GET as on the card, and comes back to the card.
 */
function ProblemActions({ mailbox, problem }: { mailbox: Mailbox; problem: Problem }) {
  const t = useTranslations('overview.attention');
  if (problem !== 'accountDead' && problem !== 'signInRequired') {
    return null;
  }
  const signInUrl = `/api/mailboxes/${encodeURIComponent(mailbox.id)}/microsoft/start`;
  return (
    <p className="mt-2">
      <a href={signInUrl} className={buttonClass('primary')}>
        {t('signIn')}
        <span className="sr-only"> – {mailbox.code}</span>
      </a>
    </p>
  );
}

function codeOf(mailbox: Mailbox, problem: Problem): string | null {
  if (problem === 'accountDead') {
    return mailbox.microsoftAccount?.deadCode ?? mailbox.statusCode;
  }
  return mailbox.statusCode;
}

function findProblems(mailbox: Mailbox): Problem[] {
  const problems: Problem[] = [];
  const account = mailbox.microsoftAccount;
  if (account?.status === 'DEAD') {
    problems.push('accountDead');
  } else if (mailbox.status === 'SIGN_IN_REQUIRED') {
    problems.push('signInRequired');
  }
  // A public mailbox linked to a delegate account is deliberate: the card informs about it.
  if (account?.identityMismatch && mailbox.kind !== 'PUBLIC') {
    problems.push('identityMismatch');
  }
  if (mailbox.status === 'SEND_FAILED') {
    problems.push('sendFailed');
  }
  if (mailbox.status === 'FETCH_FAILED') {
    problems.push('fetchFailed');
  }
  return problems;
}

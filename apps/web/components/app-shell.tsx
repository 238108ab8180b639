import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import type { Impersonation, SessionUser } from '@/lib/api-types';
import { ImpersonationBanner } from './impersonation-banner';
import { LanguageSwitch } from './language-switch';
import { LoggingBanner } from './logging-banner';
import { MainNav } from './main-nav';
import { SignOutButton } from './sign-out-button';

const SKIP_LINK_CLASS =
  'sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 ' +
  'focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-blue-800 focus:shadow';

const HEADER_ROW_CLASS =
  'mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-3 px-4 py-3';

type AppShellProps = {
  user: SessionUser;
  impersonation?: Impersonation | null;
  children: ReactNode;
};

/** Header with navigation, user and language; the support and logging banners; the page. */
export async function AppShell({ user, impersonation, children }: AppShellProps) {
  const t = await getTranslations('shell');
  const tenantName = impersonation?.tenant.name ?? user.tenant?.name;
  return (
    <>
      <a href="#inhalt" className={SKIP_LINK_CLASS}>
        {t('skipToContent')}
      </a>
      <header className="border-b border-slate-300 bg-white">
        <div className={HEADER_ROW_CLASS}>
          <div className="min-w-0">
            <p className="text-lg font-bold text-blue-900">Postwerk</p>
            {tenantName ? <p className="text-sm text-slate-700">{tenantName}</p> : null}
          </div>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <p className="text-sm text-slate-800">
              <span className="sr-only">{t('signedInAs')} </span>
              {user.name}
            </p>
            <LanguageSwitch />
            <SignOutButton />
          </div>
          <MainNav />
        </div>
      </header>
      {impersonation ? <ImpersonationBanner impersonation={impersonation} /> : null}
      <LoggingBanner />
      <main id="inhalt" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 focus:outline-none">
        {children}
      </main>
    </>
  );
}

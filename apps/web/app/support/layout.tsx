import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '@/components/language-switch';
import { SignOutButton } from '@/components/sign-out-button';
import { ROUTES } from '@/lib/routes';
import { fetchServerSession } from '@/lib/server-api';

const HEADER_ROW_CLASS =
  'mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-3 px-4 py-3';

// The console is for vendor support only; firm admins, and support staff who are acting for
// a tenant right now, belong in the portal.
export default async function SupportLayout({ children }: { children: ReactNode }) {
  const session = await fetchServerSession();
  if (!session.user) {
    redirect(ROUTES.signIn);
  }
  if (session.user.role !== 'SUPPORT' || session.impersonation) {
    redirect(ROUTES.overview);
  }
  const t = await getTranslations('shell');

  return (
    <>
      <header className="border-b border-slate-300 bg-white">
        <div className={HEADER_ROW_CLASS}>
          <div className="min-w-0">
            <p className="text-lg font-bold text-blue-900">Postwerk</p>
            <p className="text-sm text-slate-700">{t('supportConsole')}</p>
          </div>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <p className="text-sm text-slate-800">
              <span className="sr-only">{t('signedInAs')} </span>
              {session.user.name}
            </p>
            <LanguageSwitch />
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="inhalt" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 focus:outline-none">
        {children}
      </main>
    </>
  );
}

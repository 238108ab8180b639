import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { LanguageSwitch } from '@/components/language-switch';
import { isSafeReturnPath, ROUTES } from '@/lib/routes';
import { fetchServerSession } from '@/lib/server-api';
import { CARD_CLASS } from '@/lib/ui';
import { SignInForm } from './sign-in-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('signIn');
  return { title: t('title') };
}

type SignInPageProps = { searchParams: Promise<{ weiter?: string | string[] }> };

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const t = await getTranslations('signIn');
  const { weiter } = await searchParams;
  const returnTo = typeof weiter === 'string' && isSafeReturnPath(weiter) ? weiter : undefined;

  if (await isSignedIn()) {
    redirect(returnTo ?? ROUTES.overview);
  }

  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-10">
      <div className="mb-4 flex items-center justify-between">
        <p className="text-xl font-bold text-blue-900">Postwerk</p>
        <LanguageSwitch />
      </div>
      <div className={CARD_CLASS}>
        <h1 className="text-2xl font-semibold text-slate-900">{t('title')}</h1>
        <p className="mt-1 text-slate-700">{t('intro')}</p>
        <SignInForm returnTo={returnTo} />
      </div>
    </main>
  );
}

// When the API cannot be reached, show the form anyway; signing in then says what failed.
async function isSignedIn(): Promise<boolean> {
  try {
    return (await fetchServerSession()).user !== null;
  } catch {
    return false;
  }
}

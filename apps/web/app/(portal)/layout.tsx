import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { SettingsProvider } from '@/components/settings-provider';
import { ROUTES } from '@/lib/routes';
import { fetchServerSession, fetchServerSettings } from '@/lib/server-api';

// Every page behind sign-in. This check sends signed-out visitors to /anmelden on a full
// page load; the API guards the data itself, and its 401 sends the browser there too
// (see lib/api-client.ts) because a layout does not re-run on client-side navigation.
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const session = await fetchServerSession();
  if (!session.user) {
    redirect(ROUTES.signIn);
  }
  const impersonation = session.impersonation ?? null;
  // Support staff see a tenant's portal only while they impersonate it.
  if (session.user.role === 'SUPPORT' && !impersonation) {
    redirect(ROUTES.support);
  }
  const settings = await fetchServerSettings();

  return (
    <SettingsProvider initial={settings} readOnly={impersonation?.readOnly ?? false}>
      <AppShell user={session.user} impersonation={impersonation}>
        {children}
      </AppShell>
    </SettingsProvider>
  );
}

import { expect, type Page, test } from '@playwright/test';
import { callApi } from '../fixtures/api';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { requireEnv } from '../fixtures/env';
import { grantFullAccess } from '../fixtures/mail-stack';
import { signInAtMicrosoft } from '../fixtures/microsoft';
import { chooseServers, createServer, enableDirectMail } from '../fixtures/portal';
import { saveScreenshot } from '../fixtures/screenshots';
import { openOverview } from '../fixtures/sign-in';

// The shared mailbox account of the stand-in; no other spec links it, so revoking its
// sessions disturbs nobody.
const DELEGATE = 'info@bau-firma.de';

// A Microsoft link dies (password changed, sessions revoked): the next use of its token
// finds out, the card says "Anmeldung erforderlich" with what to do and still offers
// [Anmelden] and [Konto entfernen], and the Übersicht lists the mailbox with [Anmelden].
test('a revoked Microsoft link asks for a sign-in on the card and on the Übersicht', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const run = Date.now().toString(36).toUpperCase();
  const code = `TOT${run}`;
  await openOverview(page);
  const outgoing = await createServer(page, 'postausgang', { name: `M365 Tot Versand ${run}` });
  const incoming = await createServer(page, 'posteingang', { name: `M365 Tot Empfang ${run}` });
  await enableDirectMail(page);

  // A public mailbox, linked on purpose to a delegate account: an information, no warning.
  const address = `tot.${run.toLowerCase()}@bau-firma.de`;
  const mailboxId = await createPublicMailbox(page, code, address);
  // As in Exchange, the delegate's token opens the public mailbox only with Full Access.
  await grantFullAccess(address, DELEGATE);
  try {
    await chooseServers(page, outgoing, incoming);
    const account = page.getByRole('region', { name: 'Microsoft-Konto' });
    await account.getByRole('button', { name: 'Anmelden' }).click();
    await signInAtMicrosoft(page, DELEGATE);
    await expect(account).toContainText(DELEGATE);
    await expect(account).toContainText('aktiv');
    const delegate = account.getByRole('status').filter({ hasText: 'Stellvertretung' });
    await expect(delegate).toContainText('„Senden als“');
    await expect(delegate).toContainText('Vollzugriff');
    await expect(account.getByText(/^Achtung/)).toHaveCount(0);

    // Microsoft revokes the account's sessions (as after a password change).
    await revokeAtMicrosoft(DELEGATE);

    // [Einstellungen testen] for receiving: the server refuses the token, the refresh is
    // refused too (AADSTS50173), and the failed step says what to do.
    const receiving = page.getByRole('region', { name: 'E-Mail Empfang' });
    await receiving.getByRole('button', { name: 'Einstellungen testen' }).click();
    await expect(receiving.getByRole('status').filter({ hasText: 'Test' })).toContainText(
      'Test fehlgeschlagen',
      { timeout: 60_000 },
    );
    const failed = receiving.getByRole('list', { name: 'Testschritte E-Mail Empfang' });
    await expect(failed).toContainText('Kennwort geändert');
    await expect(failed).toContainText('AADSTS50173');

    // The card, opened afresh: still loads, asks for a sign-in and says why.
    await page.goto(`/postfaecher/${mailboxId}`);
    await expect(page.getByText(/^Status:/)).toContainText('Anmeldung erforderlich');
    await expect(account).toContainText('abgelaufen – erneute Anmeldung nötig');
    const guidance = account.getByRole('status').filter({ hasText: 'AADSTS50173' });
    await expect(guidance).toContainText(
      `Die Anmeldung von ${DELEGATE} gilt nicht mehr, weil das Kennwort geändert`,
    );
    await expect(account.getByRole('button', { name: 'Anmelden' })).toBeEnabled();
    await expect(account.getByRole('button', { name: 'Konto entfernen' })).toBeEnabled();
    await saveScreenshot(page, 'mailbox-card-link-dead');
    await expectNoSeriousA11yViolations(page, 'Postfachkartei mit abgelaufener Anmeldung');

    // The Übersicht lists it with the text and the action that fixes it.
    await openOverview(page);
    const item = page.getByRole('listitem').filter({ hasText: code });
    await expect(item).toContainText('gilt nicht mehr, weil das Kennwort geändert');
    await expect(item).toContainText('AADSTS50173');
    await saveScreenshot(page, 'overview-link-dead');
    await expectNoSeriousA11yViolations(page, 'Übersicht mit abgelaufener Anmeldung');

    // [Anmelden] right there leads to Microsoft and back to a working link.
    await item.getByRole('link', { name: /^Anmelden/ }).click();
    await signInAtMicrosoft(page, DELEGATE);
    await expect(page).toHaveURL(new RegExp(`/postfaecher/${mailboxId}$`));
    await expect(account).toContainText('aktiv');
    await expect(page.getByText(/^Status:/)).not.toContainText('Anmeldung erforderlich');
    await openOverview(page);
    await expect(page.getByRole('listitem').filter({ hasText: code })).toHaveCount(0);
  } finally {
    // The e2e database outlives the run: leave no dead mailbox on the next run's Übersicht.
    await callApi(page, 'DELETE', `/api/mailboxes/${mailboxId}`);
  }
});

async function createPublicMailbox(page: Page, code: string, address: string) {
  await page.goto('/postfaecher/neu?art=oeffentlich');
  await page.getByRole('textbox', { name: 'Kürzel' }).fill(code);
  await page.getByRole('textbox', { name: 'Anzeigename' }).fill(`Tot ${code}`);
  await page.getByRole('textbox', { name: 'Externe E-Mail-Adresse' }).fill(address);
  await page.getByRole('button', { name: 'Anlegen' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: new RegExp(`^${code} – `) }),
  ).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Wird geladen' })).toHaveCount(0);
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

async function revokeAtMicrosoft(email: string): Promise<void> {
  const response = await fetch(`${requireEnv('E2E_IDENTITY_URL')}/_stub/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  expect(response.status).toBe(204);
}

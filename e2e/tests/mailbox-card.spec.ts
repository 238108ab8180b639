import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { saveScreenshot } from '../fixtures/screenshots';

test('an OAuth2 server on the card offers [Anmelden] once the card is saved', async ({ page }) => {
  const run = Date.now().toString(36);
  const serverName = `E2E Microsoft 365 ${run}`;
  page.on('dialog', (dialog) => void dialog.accept());

  // An outgoing server from the Microsoft 365 template.
  await page.goto('/server/postausgang/neu');
  await page.getByRole('button', { name: 'Vorlage Microsoft 365' }).click();
  const name = page.getByRole('textbox', { name: 'Bezeichnung' });
  await expect(name).toHaveValue('Microsoft 365 (SMTP)');
  await expect(page.getByRole('combobox', { name: 'Authentifizierungsmethode' })).toHaveValue(
    'OAUTH2',
  );
  await name.fill(serverName);
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page).toHaveURL(/\/server$/);

  // A new employee, so the seeded mailboxes stay as they are.
  await page.goto('/postfaecher/neu?art=mitarbeiter');
  await page.getByRole('textbox', { name: 'Kürzel' }).fill(`E2E${run}`);
  await page.getByRole('textbox', { name: 'Anzeigename' }).fill('E2E Testperson');
  await page
    .getByRole('textbox', { name: 'Externe E-Mail-Adresse' })
    .fill(`e2e-${run}@bau-firma.de`);
  await page.getByRole('button', { name: 'Anlegen' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: /^E2E.* – E2E Testperson$/ }),
  ).toBeVisible();

  const sending = page.getByRole('region', { name: 'E-Mail Versand' });
  // The preset's host and port depend on the stack (the demo points them at the local mail
  // stack), so the option is found by the server's name.
  const outgoing = sending.getByRole('combobox', { name: 'Postausgangsserver' });
  const option = outgoing.locator('option', { hasText: serverName });
  await outgoing.selectOption((await option.getAttribute('value')) ?? '');
  const account = page.getByRole('region', { name: 'Microsoft-Konto' });
  await expect(account).toContainText('Kein Microsoft-Konto verknüpft');
  const signIn = account.getByRole('button', { name: 'Anmelden' });
  await expect(signIn).toBeDisabled();
  await expect(account).toContainText('Bitte speichern Sie zuerst');

  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Gespeichert.' })).toBeVisible();
  await expect(signIn).toBeEnabled();
  // [Anmelden] posts a plain form, so the browser follows the API's redirect to Microsoft.
  const formId = await signIn.getAttribute('form');
  const mailboxId = page.url().split('/').pop();
  await expect(page.locator(`form#${formId}`)).toHaveAttribute(
    'action',
    `/api/mailboxes/${mailboxId}/microsoft/start`,
  );
  await saveScreenshot(page, 'mailbox-card-oauth');
  await expectNoSeriousA11yViolations(page, 'Postfachkartei mit OAuth2');

  // Clean up: the mailbox, then the server it used.
  await page.getByRole('button', { name: 'Postfach löschen' }).click();
  await expect(page).toHaveURL(/\/postfaecher$/);
  await page.goto('/server');
  await page.getByRole('button', { name: `Server ${serverName} löschen` }).click();
  await expect(page.getByRole('link', { name: serverName })).toHaveCount(0);
});

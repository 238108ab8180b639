import { expect, test } from '@playwright/test';
import { SIGNED_OUT } from '../fixtures/auth-state';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { saveScreenshot } from '../fixtures/screenshots';
import { signInAsDemoAdmin } from '../fixtures/sign-in';

// This spec signs in itself: signing in is part of the admin's path it covers.
test.use({ storageState: SIGNED_OUT });

test('shows the API refusal of port 587 with TLS next to Verschlüsselung, then saves', async ({
  page,
}) => {
  // Unique per run: the dev database keeps servers from earlier runs.
  const name = `E2E Versand ${Date.now().toString(36)}`;
  await signInAsDemoAdmin(page);

  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Server' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Server' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'Server');
  await page.getByRole('link', { name: 'Postausgangsserver anlegen' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Postausgangsserver anlegen' }),
  ).toBeVisible();

  // By role and accessible name, as assistive technology finds the fields.
  await page.getByRole('textbox', { name: 'Bezeichnung' }).fill(name);
  await page.getByRole('textbox', { name: 'Server', exact: true }).fill('smtp.example.com');
  await page.getByRole('textbox', { name: 'Port' }).fill('587');
  const security = page.getByRole('combobox', { name: 'Verschlüsselung' });
  await security.selectOption({ label: 'TLS' });
  const authMethod = page.getByRole('combobox', { name: 'Authentifizierungsmethode' });
  await authMethod.selectOption({ label: 'Keine' });
  await page.getByRole('button', { name: 'Speichern' }).click();

  // The message is the API's (the local hint uses another element), linked to the field.
  const apiError = page.locator('#security-error');
  await expect(apiError).toContainText('Port 587 verwendet STARTTLS');
  await expect(security).toHaveAttribute('aria-invalid', 'true');
  await expect(security).toHaveAccessibleDescription(/Port 587 verwendet STARTTLS/);
  await expect(security).toBeFocused();
  await saveScreenshot(page, 'server-form-tls-error');
  await expectNoSeriousA11yViolations(page, 'Postausgangsserver anlegen (Fehler)');

  await security.selectOption({ label: 'STARTTLS' });
  await expect(apiError).toHaveCount(0);
  await page.getByRole('button', { name: 'Speichern' }).click();

  await expect(page).toHaveURL(/\/server$/);
  const outgoing = page.getByRole('region', { name: 'Postausgangsserver' });
  const row = outgoing.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('smtp.example.com:587');
  await expect(row).toContainText('STARTTLS');
  await saveScreenshot(page, 'server-list');

  // Clean up through the list's own delete button (it asks first).
  page.on('dialog', (dialog) => void dialog.accept());
  await outgoing.getByRole('button', { name: `Server ${name} löschen` }).click();
  await expect(outgoing.getByRole('link', { name })).toHaveCount(0);
});

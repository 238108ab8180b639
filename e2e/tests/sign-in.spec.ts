import { expect, test } from '@playwright/test';
import { SIGNED_OUT } from '../fixtures/auth-state';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { saveScreenshot } from '../fixtures/screenshots';
import { signInAsDemoAdmin } from '../fixtures/sign-in';

test.use({ storageState: SIGNED_OUT });

test('signed-out visitors are sent to the sign-in page', async ({ page }) => {
  await page.goto('/server');
  await expect(page).toHaveURL(/\/anmelden$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, '/anmelden');
});

test('a wrong password is answered in German at the top of the sign-in form', async ({ page }) => {
  await page.goto('/anmelden');
  // Not the demo address, so the sign-in rate limit of the demo admin is left alone.
  await page.getByLabel('E-Mail-Adresse').fill('niemand@bau-firma.de');
  await page.getByLabel('Kennwort').fill('falsch');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'E-Mail-Adresse oder Kennwort' });
  await expect(alert).toBeVisible();
  // Focus moves to the message, so keyboard and screen-reader users hear it first.
  await expect(alert).toBeFocused();
  await saveScreenshot(page, 'sign-in-error');
  await expectNoSeriousA11yViolations(page, '/anmelden (Fehler)');
});

test('signing out ends the session and leads back to the sign-in page', async ({ page }) => {
  await signInAsDemoAdmin(page);
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page).toHaveURL(/\/anmelden$/);
  await page.goto('/postfaecher');
  await expect(page).toHaveURL(/\/anmelden$/);
});

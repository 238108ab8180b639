import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { saveScreenshot } from '../fixtures/screenshots';
import { openOverview } from '../fixtures/sign-in';

test('switches the portal to English and back to German', async ({ page }) => {
  await openOverview(page);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('lang', 'de');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(html).toHaveAttribute('lang', 'en');
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link', { name: 'Overview' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expectNoSeriousA11yViolations(page, 'Overview (en)');

  // The choice is a cookie, so it holds across navigation and a reload.
  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Settings for all companies' }),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Use direct connection' })).toBeVisible();
  await saveScreenshot(page, 'settings-en');
  await expectNoSeriousA11yViolations(page, 'Settings (en)');

  await page.getByRole('button', { name: 'Deutsch' }).click();
  await expect(html).toHaveAttribute('lang', 'de');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Einstellungen für alle Firmen' }),
  ).toBeVisible();
  await expect(
    page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Postfächer' }),
  ).toBeVisible();
});

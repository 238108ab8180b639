import { expect, test } from '@playwright/test';
import { switchLoggingOff } from '../fixtures/api';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { saveScreenshot } from '../fixtures/screenshots';
import { openOverview } from '../fixtures/sign-in';

test.afterEach(async ({ page }) => {
  // Logging on in the shared dev tenant would put the banner on every other test's pages.
  await switchLoggingOff(page);
});

test('reminds on every page while SMTP logging is on and switches it off in one click', async ({
  page,
}) => {
  await openOverview(page);
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  const banner = page.getByRole('complementary', { name: 'Hinweis zur Protokollierung' });
  await expect(banner).toHaveCount(0);

  await nav.getByRole('link', { name: 'Einstellungen' }).click();
  await page.getByRole('checkbox', { name: 'SMTP-Sitzungen protokollieren' }).check();
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Gespeichert.' })).toBeVisible();
  await expect(banner).toContainText('SMTP-Sitzungen werden protokolliert.');

  await nav.getByRole('link', { name: 'Postfächer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Postfächer' })).toBeVisible();
  await expect(banner).toBeVisible();
  await saveScreenshot(page, 'logging-banner');
  await expectNoSeriousA11yViolations(page, 'Postfächer mit Protokoll-Hinweis');

  await banner.getByRole('button', { name: 'Protokollierung ausschalten' }).click();
  await expect(banner).toHaveCount(0);
  await nav.getByRole('link', { name: 'Einstellungen' }).click();
  await expect(
    page.getByRole('checkbox', { name: 'SMTP-Sitzungen protokollieren' }),
  ).not.toBeChecked();
});

test('names POP3 logging too, and one click switches both kinds off', async ({ page }) => {
  await openOverview(page);
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  const banner = page.getByRole('complementary', { name: 'Hinweis zur Protokollierung' });

  await nav.getByRole('link', { name: 'Einstellungen' }).click();
  await page.getByRole('checkbox', { name: 'POP3-Sitzungen protokollieren' }).check();
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await expect(banner).toContainText('POP3-Sitzungen werden protokolliert.');
  await page.getByRole('checkbox', { name: 'SMTP-Sitzungen protokollieren' }).check();
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await expect(banner).toContainText('SMTP- und POP3-Sitzungen werden protokolliert.');

  await nav.getByRole('link', { name: 'Übersicht' }).click();
  await banner.getByRole('button', { name: 'Protokollierung ausschalten' }).click();
  await expect(banner).toHaveCount(0);
  await nav.getByRole('link', { name: 'Einstellungen' }).click();
  for (const name of ['SMTP-Sitzungen protokollieren', 'POP3-Sitzungen protokollieren']) {
    await expect(page.getByRole('checkbox', { name })).not.toBeChecked();
  }
});

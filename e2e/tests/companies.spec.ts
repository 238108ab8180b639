import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { openOverview } from '../fixtures/sign-in';

test('creates a company with domains, shows a domain error at its field, edits and deletes', async ({
  page,
}) => {
  const run = Date.now().toString(36);
  const name = `E2E Firma ${run}`;
  page.on('dialog', (dialog) => void dialog.accept());
  await openOverview(page);

  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Firmen' })
    .click();
  await page.getByRole('link', { name: 'Firma anlegen' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  const domains = page.getByRole('textbox', { name: 'Domains' });
  await domains.fill(`e2e-${run}.de, keine domain`);
  await page.getByRole('button', { name: 'Speichern' }).click();

  await expect(domains).toHaveAttribute('aria-invalid', 'true');
  await expect(domains).toHaveAccessibleDescription(/keine gültige Domain/);
  await expect(domains).toBeFocused();
  await expectNoSeriousA11yViolations(page, 'Firma anlegen (Fehler)');

  // Commas and line breaks both separate domains.
  await domains.fill(`e2e-${run}.de\nwww.e2e-${run}.de`);
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page).toHaveURL(/\/firmen$/);
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText(`e2e-${run}.de, www.e2e-${run}.de`);

  await row.getByRole('link', { name }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill(`${name} GmbH`);
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Gespeichert.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: `${name} GmbH` })).toBeVisible();

  await page.getByRole('button', { name: 'Firma löschen' }).click();
  await expect(page).toHaveURL(/\/firmen$/);
  await expect(page.getByRole('link', { name: `${name} GmbH` })).toHaveCount(0);
});

import { expect, test } from '@playwright/test';
import { callApi } from '../fixtures/api';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { saveScreenshot } from '../fixtures/screenshots';

// The stack's DNS stub serves the demo zone: bau-firma.de authorises the relay,
// bau-firma-haustechnik.de has no SPF and no DMARC.
test('shows the deliverability verdict and the record to add for a company domain', async ({
  page,
}) => {
  const settings = await (await page.request.get('/api/settings')).json();
  const { updatedAt: _updatedAt, ...current } = settings as Record<string, unknown>;
  await callApi(page, 'PUT', '/api/settings', { ...current, sendRoute: 'RELAY' });

  try {
    await page.goto('/firmen');
    await page.getByRole('link', { name: 'Bau-Firma Haustechnik GmbH' }).click();
    const panel = page.getByRole('region', { name: 'Zustellbarkeit (SPF, DKIM, DMARC)' });
    await panel.getByRole('button', { name: 'Jetzt prüfen' }).click();

    await expect(panel.getByText('Versand über den Relay-Server')).toBeVisible();
    await expect(panel.getByText('Landet wahrscheinlich im Spam')).toBeVisible();
    const record = panel.locator('pre').filter({ hasText: 'bau-firma-haustechnik.de' }).first();
    await expect(record).toContainText('TXT "v=spf1 include:relay.postwerk.example');
    await saveScreenshot(page, 'company-deliverability');
    await expectNoSeriousA11yViolations(page, 'Firma mit Zustellbarkeit');
  } finally {
    await callApi(page, 'PUT', '/api/settings', current);
  }
});

import { expect, test } from '@playwright/test';
import { SIGNED_OUT } from '../fixtures/auth-state';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { saveScreenshot } from '../fixtures/screenshots';
import {
  openTenant,
  readSetting,
  restoreSetting,
  signInAsSupport,
  stopImpersonation,
  uniqueReason,
} from '../fixtures/support';

// Unique per run, so the audit test finds this run's rows and not an earlier run's.
const REASON = uniqueReason('Ticket');
const STEP_UP_REASON = uniqueReason('Einstellung ändern');
const SETTING = 'GoBD-Duplizierung';
const SETTING_KEY = 'gobdDuplication';

// The audit test reads what the support test leaves in the log.
test.describe.configure({ mode: 'serial' });

test.describe('vendor support', () => {
  test.use({ storageState: SIGNED_OUT });

  test('acts for a tenant read-only, allows changes, and ends the session', async ({
    page,
    browser,
  }) => {
    const original = (await readSetting(browser, SETTING_KEY)) as boolean;
    try {
      await signInAsSupport(page);
      await openTenant(page, 'bau-firma');
      await saveScreenshot(page, 'support-console');
      await expectNoSeriousA11yViolations(page, 'Support-Konsole');

      await page.getByRole('textbox', { name: 'Grund' }).fill(REASON);
      await expect(page.getByRole('spinbutton', { name: 'Dauer in Minuten' })).toHaveValue('30');
      await page.getByRole('button', { name: 'Zugriff starten' }).click();

      const banner = page.getByRole('region', { name: 'Support-Zugriff' });
      await expect(page.getByRole('heading', { level: 1, name: 'Übersicht' })).toBeVisible();
      await expect(banner).toContainText(/Support-Zugriff auf .+ – nur lesen – noch \d\d:\d\d/);
      await saveScreenshot(page, 'support-banner');
      await expectNoSeriousA11yViolations(page, 'Übersicht mit Support-Banner');

      const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
      await nav.getByRole('link', { name: 'Einstellungen' }).click();
      // Read-only: the save button is off and says why, instead of a refusal after the click.
      const save = page.getByRole('button', { name: 'Speichern', exact: true });
      await page.getByRole('checkbox', { name: SETTING }).setChecked(!original);
      await expect(save).toBeDisabled();
      await expect(save).toHaveAccessibleDescription(/Nur lesen: Speichern ist erst möglich/);

      await banner.getByRole('button', { name: 'Änderungen erlauben' }).click();
      await banner
        .getByRole('textbox', { name: 'Grund für Änderungen (optional)' })
        .fill(STEP_UP_REASON);
      await banner.getByRole('button', { name: 'Änderungen jetzt erlauben' }).click();
      await expect(banner).toContainText('Änderungen erlaubt');

      // The refused change is still in the form; now the same save goes through.
      const checkbox = page.getByRole('checkbox', { name: SETTING });
      await expect(checkbox).toBeChecked({ checked: !original });
      await page.getByRole('button', { name: 'Speichern', exact: true }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Gespeichert.' })).toBeVisible();
      await expect(checkbox).toBeChecked({ checked: !original });

      await banner.getByRole('button', { name: 'Beenden' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Support-Konsole' })).toBeVisible();
      await expect(banner).toHaveCount(0);
    } finally {
      await stopImpersonation(page);
      await restoreSetting(browser, SETTING_KEY, original);
    }
  });

  test('without a running session, support is sent from the portal to the console', async ({
    page,
  }) => {
    await signInAsSupport(page);
    await page.goto('/einstellungen');
    await expect(page).toHaveURL(/\/support$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Support-Konsole' })).toBeVisible();
  });
});

test('the firm admin sees support access in the Protokoll der Zugriffe', async ({ page }) => {
  await page.goto('/einstellungen');
  await page.getByRole('link', { name: 'Protokoll der Zugriffe' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Protokoll der Zugriffe' }),
  ).toBeVisible();

  // Every step of this run's session, each with the support user's name and its reason.
  const events = page.getByRole('table', { name: 'Ereignisse' });
  const rowOf = (action: string, reason: string) =>
    events.getByRole('row').filter({ hasText: action }).filter({ hasText: reason });
  const started = rowOf('Support-Zugriff gestartet', REASON);
  await expect(started).toHaveCount(1);
  await expect(started).toContainText('Sam Support');
  await expect(started).toContainText('Hersteller-Support');
  await expect(rowOf('Änderungen im Support-Zugriff erlaubt', STEP_UP_REASON)).toContainText(
    'Sam Support',
  );
  // The change in words, not "PUT /api/settings", with the reason given for allowing it.
  const change = rowOf('Einstellungen geändert', REASON);
  await expect(change).toContainText('Sam Support');
  await expect(change).toContainText(`Grund für Änderungen: ${STEP_UP_REASON}`);
  await expect(change).not.toContainText('/api/');
  await expect(rowOf('Support-Zugriff beendet', REASON)).toContainText('Sam Support');
  await expect(page.getByRole('checkbox', { name: /nur nach meiner Zustimmung/ })).toBeVisible();
  await saveScreenshot(page, 'audit-log');
  await expectNoSeriousA11yViolations(page, 'Protokoll der Zugriffe');
});

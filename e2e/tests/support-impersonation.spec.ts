import { type Browser, expect, type Page, test } from '@playwright/test';
import { callApi } from '../fixtures/api';
import { ADMIN_STATE, SIGNED_OUT } from '../fixtures/auth-state';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { saveScreenshot } from '../fixtures/screenshots';

// Seeded by prisma/seed.ts: vendor support, no tenant of its own.
const SUPPORT = { email: 'support@postwerk.example', password: 'Postwerk-Support-1' };
const REASON = 'Ticket 4711';
const SETTING = 'GoBD-Duplizierung';

// The audit test reads what the support test leaves in the log.
test.describe.configure({ mode: 'serial' });

test.describe('vendor support', () => {
  test.use({ storageState: SIGNED_OUT });

  test('acts for a tenant read-only, allows changes, and ends the session', async ({
    page,
    browser,
  }) => {
    const original = await readSetting(browser);
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
      await toggleSettingAndSave(page);
      await expect(page.getByRole('alert').filter({ hasText: 'schreibgeschützt' })).toBeVisible();

      await banner.getByRole('button', { name: 'Änderungen erlauben' }).click();
      await banner.getByRole('textbox', { name: 'Grund für Änderungen (optional)' }).fill(REASON);
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
      await page.request.post('/api/support/impersonations/current/stop').catch(() => undefined);
      await restoreSetting(browser, original);
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

  const events = page.getByRole('table', { name: 'Ereignisse' });
  const started = events.getByRole('row').filter({ hasText: 'Support-Zugriff gestartet' }).first();
  await expect(started).toContainText('Sam Support');
  await expect(started).toContainText('Hersteller-Support');
  await expect(started).toContainText(REASON);
  const change = events.getByRole('row').filter({ hasText: 'Änderung durch den Support' }).first();
  await expect(change).toContainText('/api/settings');
  await expect(page.getByRole('checkbox', { name: /nur nach meiner Zustimmung/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'Protokoll der Zugriffe');
});

async function signInAsSupport(page: Page): Promise<void> {
  await page.goto('/anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(SUPPORT.email);
  await page.getByLabel('Kennwort').fill(SUPPORT.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Support-Konsole' })).toBeVisible();
}

async function openTenant(page: Page, query: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Name oder Kennung' }).fill(query);
  await page.getByRole('button', { name: 'Suchen' }).click();
  const results = page.getByRole('list', { name: 'Suchergebnisse' });
  await results
    .getByRole('button', { name: /öffnen$/ })
    .first()
    .click();
  await expect(page.getByRole('table', { name: 'Postfächer' })).toBeVisible();
}

async function toggleSettingAndSave(page: Page): Promise<void> {
  const checkbox = page.getByRole('checkbox', { name: SETTING });
  await checkbox.setChecked(!(await checkbox.isChecked()));
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
}

/** The admin's view of the setting, read and written through the API for set-up only. */
async function readSetting(browser: Browser): Promise<boolean> {
  return withAdminPage(browser, async (page) => {
    const settings = (await (await page.request.get('/api/settings')).json()) as {
      gobdDuplication: boolean;
    };
    return settings.gobdDuplication;
  });
}

async function restoreSetting(browser: Browser, value: boolean): Promise<void> {
  await withAdminPage(browser, async (page) => {
    const current = (await (await page.request.get('/api/settings')).json()) as Record<
      string,
      unknown
    >;
    const { updatedAt: _updatedAt, ...settings } = current;
    await callApi(page, 'PUT', '/api/settings', { ...settings, gobdDuplication: value });
  });
}

async function withAdminPage<T>(browser: Browser, use: (page: Page) => Promise<T>): Promise<T> {
  const { baseURL } = test.info().project.use;
  const context = await browser.newContext({ baseURL, storageState: ADMIN_STATE });
  try {
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}

import { expect, test } from '@playwright/test';
import { callApi } from '../fixtures/api';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { saveScreenshot } from '../fixtures/screenshots';

// Other vendor software: the firm admin creates an API key under Einstellungen → API-Zugang,
// the software submits mail with it (no cookie, no CSRF token), the portal shows when the key
// was last used, and once revoked the key is refused.
test('a firm admin creates an API key, software sends with it, and a revoked key is refused', async ({
  page,
  playwright,
  baseURL,
}) => {
  const run = Date.now().toString(36);
  const name = `Warenwirtschaft ${run}`;
  const mailbox = await createMailbox(page, run);

  await page.goto('/einstellungen');
  await page.getByRole('link', { name: 'API-Zugang' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API-Zugang' })).toBeVisible();
  const keys = page.getByRole('region', { name: 'API-Schlüssel' });
  await keys.getByLabel('Bezeichnung').fill(name);
  await keys.getByRole('button', { name: 'Schlüssel erstellen' }).click();

  // Shown once, with a copy button and the warning that says so.
  const keyField = keys.getByRole('textbox', { name: `Neuer API-Schlüssel „${name}“` });
  await expect(keyField).toHaveValue(/^pwk_[0-9a-f]{8}_[\w-]{43}$/);
  await expect(keyField).toHaveAccessibleDescription(/nur dieses eine Mal angezeigt/);
  await expect(keyField).toBeFocused();
  const key = await keyField.inputValue();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await keys.getByRole('button', { name: 'Kopieren' }).click();
  await expect(keys.getByRole('status')).toHaveText('In die Zwischenablage kopiert.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

  const row = keys.getByRole('row').filter({ hasText: name });
  const lastUsed = row.getByRole('cell').nth(2);
  await expect(row.getByRole('cell').first()).toHaveText(`${key.slice(0, 12)}_…`);
  await expect(lastUsed).toHaveText('noch nie');
  await expect(page.getByRole('row').filter({ hasText: mailbox.code })).toContainText(mailbox.id);
  await saveScreenshot(page, 'api-access-key-created');
  await expectNoSeriousA11yViolations(page, 'API-Zugang mit neuem Schlüssel');

  // The other software: its own HTTP client, no portal cookies, just the key.
  const software = await playwright.request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: { authorization: `Bearer ${key}` },
  });
  const accepted = await software.post(`/api/mailboxes/${mailbox.id}/messages`, {
    headers: { 'idempotency-key': `e2e-${run}` },
    data: { to: ['kunde@example.com'], subject: `Rechnung ${run}`, text: 'Guten Tag' },
  });
  expect(accepted.status()).toBe(202);
  const status = await software.get(`/api/messages/${(await accepted.json()).id}`);
  expect(status.status()).toBe(200);
  expect(await status.json()).toMatchObject({ mailboxId: mailbox.id });
  const settings = await software.get('/api/settings');
  expect(settings.status()).toBe(403);

  // The key is not shown again after a reload; its last use is.
  await page.reload();
  await expect(keys.getByRole('textbox', { name: /Neuer API-Schlüssel/ })).toHaveCount(0);
  expect(await page.content()).not.toContain(key);
  await expect(lastUsed).not.toHaveText('noch nie');
  await expect(lastUsed.locator('time')).toHaveCount(1);

  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: `Schlüssel „${name}“ widerrufen` }).click();
  await expect(row.getByRole('cell').nth(3)).toContainText('Widerrufen');
  await saveScreenshot(page, 'api-access-key-revoked');

  const refused = await software.post(`/api/mailboxes/${mailbox.id}/messages`, {
    data: { to: ['kunde@example.com'], subject: `Zu spät ${run}`, text: 'Guten Tag' },
  });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe('API_KEY_INVALID');
  await software.dispose();

  // English second: the same page in the other language.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API access' })).toBeVisible();
  const rowInEnglish = page.getByRole('row').filter({ hasText: name });
  await expect(rowInEnglish.getByRole('cell').nth(3)).toContainText('Revoked');
  await expect(page.getByRole('columnheader', { name: 'Last used' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'API access (en)');
  await page.getByRole('button', { name: 'Deutsch' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API-Zugang' })).toBeVisible();

  // The audit log names both steps.
  await page.goto('/einstellungen/audit');
  const events = page.getByRole('region', { name: 'Ereignisse' });
  await expect(events).toContainText(`API-Schlüssel erstellt: ${name}`);
  await expect(events).toContainText(`API-Schlüssel widerrufen: ${name}`);

  await callApi(page, 'DELETE', `/api/mailboxes/${mailbox.id}`);
});

/**
 * A mailbox of this run only: the message sent through it may fail (no server chosen), and
 * that must not flag a mailbox other specs look at.
 */
async function createMailbox(page: import('@playwright/test').Page, run: string) {
  await page.goto('/');
  const code = `API${run}`.toUpperCase();
  const response = await callApi(page, 'POST', '/api/mailboxes', {
    kind: 'PUBLIC',
    code,
    displayName: `Schnittstelle ${run}`,
    externalAddress: `api-${run}@bau-firma.de`,
  });
  expect(response.status()).toBe(201);
  return { id: ((await response.json()) as { id: string }).id, code };
}

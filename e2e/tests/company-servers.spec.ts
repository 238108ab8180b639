import { expect, type Page, test } from '@playwright/test';
import { callApi } from '../fixtures/api';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import {
  chooseServers,
  createServer,
  enableDirectMail,
  openOrCreateMailbox,
} from '../fixtures/portal';
import { saveScreenshot } from '../fixtures/screenshots';
import { openOverview } from '../fixtures/sign-in';

// The test mail stack's one password account (not Microsoft): POP3 USER/PASS and SMTP AUTH.
const KUNDE = { address: 'kunde@andere-firma.example', password: 'Grüße§€-Test1' };

// What this test creates in the shared tenant, removed again even when it fails halfway.
const created: { companyName?: string; serverNames: string[] } = { serverNames: [] };

test.afterEach(async ({ page }) => {
  // On in the shared tenant, the setting would add sections to every other test's cards.
  const current = await (await page.request.get('/api/settings')).json();
  const { updatedAt: _updatedAt, ...settings } = current as Record<string, unknown>;
  await callApi(page, 'PUT', '/api/settings', { ...settings, serversPerCompany: false });
  await deleteNamed(page, '/api/companies', created.companyName ? [created.companyName] : []);
  await deleteNamed(page, '/api/outgoing-servers', created.serverNames);
});

test('[Einstellungen testen] for a company sends through the server chosen for that company', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const run = Date.now().toString(36);
  const credentials = { username: KUNDE.address, password: KUNDE.password };
  await openOverview(page);

  // The mailbox's own outgoing server has a wrong password; the company's is right. So the
  // full loop can pass only through the company's server.
  const wrongName = `E2E Versand falsches Kennwort ${run}`;
  const companyServerName = `E2E Firmenserver Versand ${run}`;
  // The company's server stays, as the mailbox's own at the end (as inbox-and-logs leaves its).
  created.serverNames.push(wrongName);
  const wrong = await createServer(page, 'postausgang', {
    name: wrongName,
    password: { ...credentials, password: 'falsch' },
  });
  const right = await createServer(page, 'postausgang', {
    name: companyServerName,
    password: credentials,
  });
  const incoming = await createServer(page, 'posteingang', {
    name: `E2E Firmenserver Empfang ${run}`,
    password: credentials,
  });
  const companyName = `E2E Firma mit eigenem Server ${run}`;
  created.companyName = companyName;
  await createCompany(page, companyName);
  await enableDirectMail(page);
  await page.getByRole('checkbox', { name: 'Verschiedene Server je Firma verwenden' }).check();
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Gespeichert.' })).toBeVisible();

  await openOrCreateMailbox(page, {
    code: 'KUNDE',
    displayName: 'Kunde Andere Firma',
    address: KUNDE.address,
  });
  await chooseServers(page, wrong, incoming);
  const perCompany = page.getByRole('region', { name: 'Server je Firma' });
  await perCompany
    .getByRole('group', { name: companyName })
    .getByRole('combobox', { name: 'Postausgangsserver' })
    .selectOption({ label: right });
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Gespeichert.' })).toBeVisible();

  const sending = page.getByRole('region', { name: 'E-Mail Versand' });
  const company = sending.getByRole('combobox', { name: 'Testen für Firma' });
  await expect(company).toHaveValue('');
  await expect(company).toHaveAccessibleDescription(/die für diese Firma gewählt sind/);
  const steps = sending.getByRole('list', { name: 'Testschritte E-Mail Versand' });
  const summary = sending.getByRole('status').filter({ hasText: 'Test' });

  // Without a company: the mailbox's own server, which refuses the password.
  await sending.getByRole('button', { name: 'Einstellungen testen' }).click();
  await expect(summary).toHaveText(/Test fehlgeschlagen/, { timeout: 60_000 });
  await expect(steps.getByRole('listitem').filter({ hasText: 'senden' })).toContainText(
    'fehlgeschlagen',
  );

  // For the company: its own server, named in the first step, and the loop passes.
  await company.selectOption({ label: companyName });
  await sending.getByRole('button', { name: 'Einstellungen testen' }).click();
  await expect(summary).toHaveText(/Test erfolgreich/, { timeout: 90_000 });
  await expect(steps.getByRole('listitem').first()).toContainText(
    `„${companyName}“: Postausgang „${companyServerName}“ (Auswahl der Firma)`,
  );
  await saveScreenshot(page, 'mailbox-card-test-for-company');
  await expectNoSeriousA11yViolations(page, 'Postfachkartei, Test für eine Firma');

  // Leave the mailbox with a working server of its own for the other tests.
  await chooseServers(page, right, incoming);
});

async function createCompany(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Firmen' })
    .click();
  await page.getByRole('link', { name: 'Firma anlegen' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page).toHaveURL(/\/firmen$/);
}

/** Deletes the records of a list route that carry one of `names`. */
async function deleteNamed(page: Page, route: string, names: string[]): Promise<void> {
  const rows = (await (await page.request.get(route)).json()) as { id: string; name: string }[];
  for (const row of rows.filter((entry) => names.includes(entry.name))) {
    await callApi(page, 'DELETE', `${route}/${row.id}`);
  }
}

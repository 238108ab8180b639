import { expect, test } from '@playwright/test';
import { SIGNED_OUT } from '../fixtures/auth-state';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { signInAtMicrosoft } from '../fixtures/microsoft';
import {
  chooseServers,
  createServer,
  enableDirectMail,
  openMailboxCard,
  unlinkIfLinked,
} from '../fixtures/portal';
import { saveScreenshot } from '../fixtures/screenshots';
import { openOverview } from '../fixtures/sign-in';

// An employee link: the admin hands it over, the employee (no portal account, a browser of
// their own) signs in at Microsoft and consents; the link then works exactly once.
test('an employee links MUELLER through a one-time link without a portal account', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const run = Date.now().toString(36);
  await openOverview(page);
  const outgoing = await createServer(page, 'postausgang', { name: `M365 Link Versand ${run}` });
  const incoming = await createServer(page, 'posteingang', { name: `M365 Link Empfang ${run}` });
  await enableDirectMail(page);

  await openMailboxCard(page, 'MUELLER');
  await unlinkIfLinked(page);
  await chooseServers(page, outgoing, incoming);
  const account = page.getByRole('region', { name: 'Microsoft-Konto' });
  await expect(account).toContainText('Kein Microsoft-Konto verknüpft');

  // A link the admin takes back again: revoked at once, and its URL is no longer shown.
  const links = page.getByRole('region', { name: 'Anmeldelink für den Mitarbeiter' });
  const create = links.getByRole('button', { name: 'Anmeldelink erstellen' });
  const urlField = links.getByRole('textbox', { name: 'Neuer Anmeldelink' });
  const newest = links.getByRole('row').nth(1);
  await create.click();
  await expect(urlField).toHaveValue(/\/api\/consent\/[\w-]{20,}$/);
  const revokedUrl = await urlField.inputValue();
  await newest.getByRole('button', { name: /Widerrufen/ }).click();
  await expect(newest).toContainText('widerrufen');
  await expect(urlField).toHaveCount(0);

  // The link to hand over is shown once, with a copy button.
  await create.click();
  await expect(urlField).toHaveValue(/\/api\/consent\/[\w-]{20,}$/);
  await expect(urlField).toHaveAccessibleDescription(/nur jetzt angezeigt/);
  const url = await urlField.inputValue();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await links.getByRole('button', { name: 'Link kopieren' }).click();
  await expect(links.getByRole('status')).toHaveText('Link kopiert.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  expect(url).not.toBe(revokedUrl);
  await expect(newest).toContainText('offen');
  await saveScreenshot(page, 'mailbox-card-consent-link');
  await expectNoSeriousA11yViolations(page, 'Postfachkartei mit Anmeldelink');

  // The employee: a fresh browser context, no cookies, no portal session.
  const employeeContext = await browser.newContext({ storageState: SIGNED_OUT });
  const employee = await employeeContext.newPage();
  expect(await employeeContext.cookies()).toEqual([]);
  await employee.goto(url);
  await signInAtMicrosoft(employee, 'mueller@bau-firma.de');
  await expect(employee).toHaveURL(/\/einwilligung\/ergebnis\?status=linked$/);
  await expect(
    employee.getByRole('heading', {
      level: 1,
      name: 'Vielen Dank – Ihr Microsoft-Konto ist verbunden.',
    }),
  ).toBeVisible();
  await expect(employee.getByRole('navigation')).toHaveCount(0);
  await saveScreenshot(employee, 'consent-result-linked');
  await expectNoSeriousA11yViolations(employee, 'Einwilligung verbunden');

  // The same link a second time: used up, and it says so.
  await employee.goto(url);
  await expect(employee).toHaveURL(/\/einwilligung\/ergebnis\?status=used$/);
  await expect(
    employee.getByRole('heading', { level: 1, name: 'Dieser Link wurde bereits verwendet.' }),
  ).toBeVisible();
  await saveScreenshot(employee, 'consent-result-used');
  await expectNoSeriousA11yViolations(employee, 'Einwilligung bereits verwendet');

  // The revoked link leads nowhere near Microsoft.
  await employee.goto(revokedUrl);
  await expect(employee).toHaveURL(/\/einwilligung\/ergebnis\?status=revoked$/);
  await expect(
    employee.getByRole('heading', { level: 1, name: 'Dieser Link gilt nicht mehr.' }),
  ).toBeVisible();
  await employeeContext.close();

  // The admin sees MUELLER linked, and the link as used.
  await page.reload();
  await expect(account).toContainText('mueller@bau-firma.de');
  await expect(account).toContainText('aktiv');
  await expect(page.getByText(/^Status:/)).not.toContainText('Anmeldung erforderlich');
  await expect(newest).toContainText('verwendet');
  await expect(newest.getByRole('button', { name: /Widerrufen/ })).toHaveCount(0);
});

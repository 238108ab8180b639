import { expect, test } from '@playwright/test';
import { SIGNED_OUT } from '../fixtures/auth-state';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { requireEnv } from '../fixtures/env';
import { MICROSOFT_PASSWORD } from '../fixtures/microsoft';
import { saveScreenshot } from '../fixtures/screenshots';

test.use({ storageState: SIGNED_OUT });

// An organisation where only administrators may consent: the employee's page hands over the
// admin-consent link, and the Microsoft 365 administrator (no portal account) consents with it.
test('the admin-consent link goes from the refusal page to an organisation-wide consent', async ({
  page,
  browser,
}) => {
  const identity = requireEnv('E2E_IDENTITY_URL');
  await page.goto('/einwilligung/ergebnis?status=error&reason=AADSTS90094');
  const main = page.getByRole('main');
  await expect(main).toContainText('nur Administratoren');
  const field = main.getByRole('textbox', { name: 'Link zur Administratoreinwilligung' });
  await expect(field).toHaveValue(new RegExp(`^${identity}/organizations/v2\\.0/adminconsent\\?`));
  await expect(field).toHaveAccessibleDescription(/Microsoft-365-Administrator/);
  const url = new URL(await field.inputValue());
  expect(url.searchParams.get('client_id')).toBeTruthy();
  expect(url.searchParams.get('redirect_uri')).toMatch(/\/api\/auth\/microsoft\/callback$/);
  expect(url.searchParams.get('scope')).toContain('https://outlook.office.com/SMTP.Send');
  await saveScreenshot(page, 'consent-result-admin-consent-needed');
  await expectNoSeriousA11yViolations(page, 'Einwilligung: Administrator nötig');

  // The administrator opens it in a browser of their own.
  const adminContext = await browser.newContext({ storageState: SIGNED_OUT });
  const admin = await adminContext.newPage();
  await admin.goto(url.toString());
  await admin.getByLabel('E-Mail-Adresse').fill('admin@bau-firma.de');
  await admin.getByLabel('Kennwort').fill(MICROSOFT_PASSWORD);
  await admin.getByRole('button', { name: 'Anmelden' }).click();
  await expect(admin.getByText('im Namen Ihrer gesamten Organisation')).toBeVisible();
  await admin.getByRole('button', { name: 'Akzeptieren' }).click();
  await expect(admin).toHaveURL(/\/einwilligung\/ergebnis\?status=admin-consented$/);
  await expect(
    admin.getByRole('heading', {
      level: 1,
      name: /Postwerk ist für Ihre Organisation freigegeben/,
    }),
  ).toBeVisible();
  await saveScreenshot(admin, 'consent-result-admin-consented');
  await expectNoSeriousA11yViolations(admin, 'Einwilligung der Organisation erteilt');
  await adminContext.close();

  const consents = await (await fetch(`${identity}/_stub/admin-consents`)).json();
  expect(consents).toEqual(
    expect.arrayContaining([expect.objectContaining({ grantedBy: 'admin@bau-firma.de' })]),
  );
});

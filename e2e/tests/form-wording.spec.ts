import { expect, type Page, test } from '@playwright/test';
import { callApi } from '../fixtures/api';
import { saveScreenshot } from '../fixtures/screenshots';
import { openOverview } from '../fixtures/sign-in';

// What a new firm admin reads when a form is refused: the portal's own words for the API's
// field codes, in the portal's language, never zod's "Zu klein: erwartet, dass string …".

test('an empty or overlong server form explains each field, in German and in English', async ({
  page,
}) => {
  await page.goto('/server/postausgang/neu');
  const name = page.getByRole('textbox', { name: 'Bezeichnung' });
  const host = page.getByRole('textbox', { name: 'Server', exact: true });
  await name.fill('   ');
  await page.getByRole('button', { name: 'Speichern' }).click();

  await expect(name).toHaveAccessibleDescription('Bitte füllen Sie dieses Feld aus.');
  await expect(page.locator('#host-error')).toHaveText('Bitte füllen Sie dieses Feld aus.');
  await expect(name).toBeFocused();
  await expect(page.locator('main')).not.toContainText(/Zu klein|Zu groß|erwartet, dass/);
  await saveScreenshot(page, 'server-form-required');

  await name.fill('x'.repeat(101));
  await host.fill('smtp.example.com');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.locator('#name-error')).toHaveText(
    'Bitte geben Sie höchstens 100 Zeichen ein.',
  );

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#name-error')).toHaveText('Please fill in this field.');
  await expect(page.locator('main')).not.toContainText(/Bitte|Zeichen/);
});

test('a server still in use names its mailboxes, in German and in English', async ({ page }) => {
  const run = Date.now().toString(36);
  const server = await createOutgoingServer(page, `E2E In Gebrauch ${run}`, 'smtp.example.com');
  const mailbox = await createMailbox(page, `INUSE${run}`.toUpperCase(), server.id);
  try {
    await page.goto('/server');
    const outgoing = page.getByRole('region', { name: 'Postausgangsserver' });
    page.on('dialog', (dialog) => void dialog.accept());
    await outgoing.getByRole('button', { name: `Server ${server.name} löschen` }).click();
    await expect(outgoing.getByRole('alert')).toHaveText(
      `Der Server wird noch vom Postfach ${mailbox.code} verwendet. ` +
        'Wählen Sie dort zuerst einen anderen Server.',
    );

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const outgoingEn = page.getByRole('region', { name: 'Outgoing servers' });
    await outgoingEn.getByRole('button', { name: new RegExp(server.name) }).click();
    await expect(outgoingEn.getByRole('alert')).toHaveText(
      `The server is still used by the mailbox ${mailbox.code}. Choose another server there first.`,
    );
  } finally {
    await callApi(page, 'DELETE', `/api/mailboxes/${mailbox.id}`);
    await callApi(page, 'DELETE', `/api/outgoing-servers/${server.id}`);
  }
});

test('a taken code and a taken address are reported together; umlauts are explained', async ({
  page,
}) => {
  const run = Date.now().toString(36).toUpperCase();
  const first = await createMailbox(page, `DOPPELT${run}`, null);
  try {
    await page.goto('/postfaecher/neu');
    const code = page.getByRole('textbox', { name: 'Kürzel' });
    await expect(code).toHaveAccessibleDescription(/Umlaute werden umgeschrieben: .*Ü → UE/);
    await code.fill(first.code);
    await page.getByRole('textbox', { name: 'Anzeigename' }).fill('Doppelt');
    await page.getByRole('textbox', { name: 'Externe E-Mail-Adresse' }).fill(first.address);
    await page.getByRole('button', { name: 'Anlegen' }).click();

    await expect(page.locator('#code-error')).toHaveText('Dieses Kürzel ist bereits vergeben.');
    await expect(page.locator('#externalAddress-error')).toHaveText(
      'Diese externe E-Mail-Adresse gehört bereits zu einem anderen Postfach.',
    );
  } finally {
    await callApi(page, 'DELETE', `/api/mailboxes/${first.id}`);
  }
});

test('the server tables keep their delete buttons on screen at tablet width', async ({ page }) => {
  const run = Date.now().toString(36);
  const server = await createOutgoingServer(
    page,
    `E2E Tablet mit langer Bezeichnung ${run}`,
    `smtp.ein-sehr-langer-servername-${run}.bau-firma-mit-langem-namen.example`,
  );
  try {
    await page.setViewportSize({ width: 768, height: 1024 });
    await openOverview(page);
    await page.goto('/server');
    const deleteButtons = page.getByRole('button', { name: /^Server .* löschen$/ });
    await expect(deleteButtons.first()).toBeVisible();
    for (const button of await deleteButtons.all()) {
      const box = await button.boundingBox();
      expect(box, 'every delete button is laid out').not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(768);
    }
    await saveScreenshot(page, 'server-list-768');
  } finally {
    await callApi(page, 'DELETE', `/api/outgoing-servers/${server.id}`);
  }
});

async function createOutgoingServer(page: Page, name: string, host: string) {
  const response = await callApi(page, 'POST', '/api/outgoing-servers', {
    name,
    host,
    port: 587,
    security: 'STARTTLS',
    authMethod: 'NONE',
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; name: string };
}

async function createMailbox(page: Page, code: string, outgoingServerId: string | null) {
  const address = `${code.toLowerCase()}@e2e-wording.example`;
  const response = await callApi(page, 'POST', '/api/mailboxes', {
    kind: 'EMPLOYEE',
    code,
    displayName: code,
    externalAddress: address,
    outgoingServerId,
  });
  expect(response.status()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  return { id, code, address };
}

import { expect, test } from '@playwright/test';
import { callApi } from '../fixtures/api';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { createServer, openOrCreateMailbox } from '../fixtures/portal';
import { saveScreenshot } from '../fixtures/screenshots';
import { openOverview } from '../fixtures/sign-in';

// The typical mistake: STARTTLS on a port that starts with TLS at once (995 at Microsoft,
// the template's port here). The server waits for a TLS handshake, the client for a greeting,
// so the test's TLS step fails after the client's greeting timeout (30 s).
// What this test creates; removed again even when it fails halfway, because the workers
// would otherwise keep polling a server that can never answer.
const created: { mailboxId?: string; serverName?: string } = {};

test.afterEach(async ({ page }) => {
  if (created.mailboxId) {
    await callApi(page, 'DELETE', `/api/mailboxes/${created.mailboxId}`);
  }
  const servers = (await (await page.request.get('/api/incoming-servers')).json()) as {
    id: string;
    name: string;
  }[];
  const server = servers.find((entry) => entry.name === created.serverName);
  if (server) {
    await callApi(page, 'DELETE', `/api/incoming-servers/${server.id}`);
  }
});

test('[Einstellungen testen] on a server with the wrong TLS mode names the step and what to do', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const run = Date.now().toString(36);
  page.on('dialog', (dialog) => void dialog.accept());
  await openOverview(page);

  const serverName = `E2E falsches TLS ${run}`;
  created.serverName = serverName;
  const server = await createServer(page, 'posteingang', {
    name: serverName,
    security: 'STARTTLS',
    password: { username: 'kunde@andere-firma.example', password: 'egal' },
  });
  created.mailboxId = await openOrCreateMailbox(page, {
    code: `E2ETLS${run}`.toUpperCase(),
    displayName: 'E2E TLS-Test',
    address: `e2e-tls-${run}@bau-firma.de`,
  });
  const receiving = page.getByRole('region', { name: 'E-Mail Empfang' });
  await receiving.getByRole('combobox', { name: 'Posteingangsserver' }).selectOption({
    label: server,
  });
  const test_ = receiving.getByRole('button', { name: 'Einstellungen testen' });
  // The test uses what is saved, so it waits for the save.
  await expect(test_).toBeDisabled();
  await expect(test_).toHaveAccessibleDescription(/Bitte speichern Sie zuerst/);
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Gespeichert.' })).toBeVisible();

  await test_.click();
  const steps = receiving.getByRole('list', { name: 'Testschritte E-Mail Empfang' });
  const connect = steps.getByRole('listitem').filter({ hasText: 'Verbindung zu' });
  const tls = steps.getByRole('listitem').filter({ hasText: 'STARTTLS (STLS) und Begrüßung' });
  // Live: the connection has passed while the TLS step is still running.
  await expect(connect).toContainText('erfolgreich');
  await expect(tls).toContainText('läuft …');
  await expect(test_).toBeDisabled();

  const summary = receiving.getByRole('status').filter({ hasText: 'Test' });
  await expect(summary).toHaveText(/Test fehlgeschlagen/, { timeout: 60_000 });
  await expect(tls).toContainText('fehlgeschlagen');
  await expect(tls).toContainText('hat sich nicht gemeldet');
  await expect(tls).toContainText('Was tun:');
  await expect(tls).toContainText('Transportsicherheit passend zum Port');
  await expect(tls).toContainText('GREETING_TIMEOUT');
  await expect(steps.getByRole('listitem')).toHaveCount(2);
  await expect(test_).toBeEnabled();
  await saveScreenshot(page, 'mailbox-card-test-failed');
  await expectNoSeriousA11yViolations(page, 'Postfachkartei mit fehlgeschlagenem Test');

  // Clean up: the mailbox, then its server.
  await page.getByRole('button', { name: 'Postfach löschen' }).click();
  await expect(page).toHaveURL(/\/postfaecher$/);
  await page.goto('/server');
  await page.getByRole('button', { name: `Server ${serverName} löschen` }).click();
  await expect(page.getByRole('link', { name: serverName })).toHaveCount(0);
});

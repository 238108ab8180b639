import { expect, type Locator, test } from '@playwright/test';
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
import { signInAsDemoAdmin } from '../fixtures/sign-in';

// The whole help page "Anmeldung mit einem Microsoft-Konto (OAuth2)", as an admin does it:
// real redirects to the identity stand-in, real SMTP and POP3 with XOAUTH2 against Dovecot.
test.use({ storageState: SIGNED_OUT });

const DURATION = /· \d+(,\d+)? (ms|Sek\.)/;

test('Microsoft 365 from the help page: servers, settings, sign-in, tests, inbox, unlink', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const run = Date.now().toString(36);
  await signInAsDemoAdmin(page);

  // Schritt 1: servers from the "Microsoft 365" template, then the tenant-wide switches.
  const outgoing = await createServer(page, 'postausgang', { name: `M365 Versand ${run}` });
  const incoming = await createServer(page, 'posteingang', { name: `M365 Empfang ${run}` });
  await enableDirectMail(page);

  // Schritt 2: BECKER's card, both servers chosen and saved.
  const mailboxId = await openMailboxCard(page, 'BECKER');
  await unlinkIfLinked(page);
  await chooseServers(page, outgoing, incoming);
  const status = page.getByText(/^Status:/);
  await expect(status).toContainText('Anmeldung erforderlich');
  const account = page.getByRole('region', { name: 'Microsoft-Konto' });
  await expect(account).toContainText('Kein Microsoft-Konto verknüpft');

  // A first attempt cancelled on the consent page comes back with what to do.
  await account.getByRole('button', { name: 'Anmelden' }).click();
  await signInAtMicrosoft(page, 'becker@bau-firma.de', { consent: 'Abbrechen' });
  const refusal = page.getByRole('alert').filter({ hasText: 'Anmeldung bei Microsoft' });
  await expect(refusal).toContainText('Die Anmeldung bei Microsoft ist fehlgeschlagen.');
  await expect(refusal).toContainText('„Akzeptieren“');
  await expect(refusal).toBeFocused();
  await saveScreenshot(page, 'mailbox-card-microsoft-refused');
  await expectNoSeriousA11yViolations(page, 'Postfachkartei nach abgelehnter Anmeldung');

  // [Anmelden] again, in the same browser, as BECKER; back on the card, linked.
  await account.getByRole('button', { name: 'Anmelden' }).click();
  await signInAtMicrosoft(page, 'becker@bau-firma.de');
  await expect(page).toHaveURL(new RegExp(`/postfaecher/${mailboxId}$`));
  const linked = page.getByRole('status').filter({ hasText: 'Microsoft-Konto ist verknüpft' });
  await expect(linked).toContainText('Angemeldet als becker@bau-firma.de.');
  await expect(account).toContainText('becker@bau-firma.de');
  await expect(account).toContainText('aktiv');
  await expect(account.getByRole('button', { name: 'Anmelden' })).toHaveCount(0);
  await expect(status).not.toContainText('Anmeldung erforderlich');
  await saveScreenshot(page, 'mailbox-card-linked');
  await expectNoSeriousA11yViolations(page, 'Postfachkartei verknüpft');

  // [Einstellungen testen] under "E-Mail Empfang": connect, TLS, sign-in, list.
  const receiving = page.getByRole('region', { name: 'E-Mail Empfang' });
  await runSettingsTest(receiving, 'Testschritte E-Mail Empfang', [
    'Verbindung zu',
    'TLS-Verschlüsselung',
    'Anmeldung mit Microsoft-Konto (becker@bau-firma.de)',
    'Postfach auflisten',
  ]);
  // The header follows the passed test at once, without a reload; counts read as words.
  await expect(status).toContainText('OK');
  await expect(receiving.getByRole('list', { name: 'Testschritte E-Mail Empfang' })).toContainText(
    /\d+ Nachrichten?, [\d.,]+ (Bytes?|KB|MB)/,
  );

  // [Einstellungen testen] under "E-Mail Versand": the whole loop through the inbox.
  const sending = page.getByRole('region', { name: 'E-Mail Versand' });
  await runSettingsTest(sending, 'Testschritte E-Mail Versand', [
    'Zugangsdaten für den Versand laden',
    'Testnachricht per SMTP an becker@bau-firma.de senden',
    'Testnachricht per POP3 abholen',
    'Testnachricht im Posteingang gefunden',
  ]);
  await saveScreenshot(page, 'mailbox-card-tests-passed');
  await expectNoSeriousA11yViolations(page, 'Postfachkartei nach den Tests');

  // The test mail in BECKER's Posteingang, newest first, and opened.
  await sending.getByRole('link', { name: 'Testnachricht im Posteingang ansehen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Posteingang – BECKER' })).toBeVisible();
  const newest = page.getByRole('row').nth(1);
  await expect(newest).toContainText('Postwerk Testnachricht');
  await expect(newest).toContainText('Thomas Becker');
  await saveScreenshot(page, 'inbox-becker');
  await expectNoSeriousA11yViolations(page, 'Posteingang BECKER');

  await newest.getByRole('link', { name: /Postwerk Testnachricht/ }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: /^Postwerk Testnachricht / }),
  ).toBeVisible();
  await expect(page.getByRole('region', { name: 'Text' })).toContainText(
    'Diese Nachricht hat Postwerk mit [Einstellungen testen] gesendet.',
  );
  await expect(page.getByRole('link', { name: 'Original herunterladen (.eml)' })).toHaveAttribute(
    'href',
    /\/raw$/,
  );
  await saveScreenshot(page, 'inbox-message-test-mail');
  await expectNoSeriousA11yViolations(page, 'Testnachricht');

  // [Konto entfernen]: the link is gone and the mailbox needs a sign-in again.
  await page.goto(`/postfaecher/${mailboxId}`);
  page.once('dialog', (dialog) => void dialog.accept());
  await account.getByRole('button', { name: 'Konto entfernen' }).click();
  await expect(account).toContainText('Kein Microsoft-Konto verknüpft');
  await expect(account.getByRole('button', { name: 'Anmelden' })).toBeEnabled();
  await expect(status).toContainText('Anmeldung erforderlich');
});

/** Clicks [Einstellungen testen] in a section and waits until every step has passed. */
async function runSettingsTest(section: Locator, stepsLabel: string, labels: string[]) {
  await section.getByRole('button', { name: 'Einstellungen testen' }).click();
  const steps = section.getByRole('list', { name: stepsLabel });
  // Steps appear while the test runs; the first is there long before the last.
  await expect(steps.getByRole('listitem').first()).toBeVisible();
  await expect(section.getByRole('status').filter({ hasText: 'Test' })).toContainText(
    'Test erfolgreich',
    { timeout: 90_000 },
  );
  const items = steps.getByRole('listitem');
  await expect(items).toHaveCount(labels.length);
  for (const [index, label] of labels.entries()) {
    await expect(items.nth(index)).toContainText(label);
    await expect(items.nth(index)).toContainText('erfolgreich');
    await expect(items.nth(index)).toContainText(DURATION);
  }
  await expect(steps).not.toContainText('fehlgeschlagen');
  await expect(section.getByRole('alert')).toHaveCount(0);
}

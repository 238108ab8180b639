import { expect, test } from '@playwright/test';
import { switchLoggingOff } from '../fixtures/api';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { crlf, deliverToMaildir } from '../fixtures/mail-stack';
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

test.afterEach(async ({ page }) => {
  // Logging on in the shared tenant would put the banner on every other test's pages.
  await switchLoggingOff(page);
});

test('fetched mail with missing fields in the Posteingang, and its SMTP and POP3 protocols', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const run = Date.now().toString(36);
  await openOverview(page);
  const credentials = { username: KUNDE.address, password: KUNDE.password };
  const outgoing = await createServer(page, 'postausgang', {
    name: `E2E Kunde Versand ${run}`,
    password: credentials,
  });
  const incoming = await createServer(page, 'posteingang', {
    name: `E2E Kunde Empfang ${run}`,
    password: credentials,
  });
  await enableDirectMail(page);
  await page.getByRole('checkbox', { name: 'SMTP-Sitzungen protokollieren' }).check();
  await page.getByRole('checkbox', { name: 'POP3-Sitzungen protokollieren' }).check();
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await expect(
    page.getByRole('complementary', { name: 'Hinweis zur Protokollierung' }),
  ).toContainText('SMTP- und POP3-Sitzungen werden protokolliert.');

  const mailboxId = await openOrCreateMailbox(page, {
    code: 'KUNDE',
    displayName: 'Kunde Andere Firma',
    address: KUNDE.address,
  });
  await chooseServers(page, outgoing, incoming);

  // Mail as senders' software writes it: one without subject and date, one without sender.
  await deliverToMaildir(KUNDE.address, crlf(withoutSubject(run)));
  await deliverToMaildir(KUNDE.address, crlf(withoutSender(run)));

  // The full loop sends over SMTP and fetches everything waiting over POP3.
  const sending = page.getByRole('region', { name: 'E-Mail Versand' });
  await sending.getByRole('button', { name: 'Einstellungen testen' }).click();
  await expect(sending.getByRole('status').filter({ hasText: 'Test' })).toHaveText(
    /Test erfolgreich/,
    { timeout: 90_000 },
  );

  await page.getByRole('link', { name: 'Posteingang', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Posteingang – / })).toBeVisible();
  const noSubjectRow = page.getByRole('row').filter({ hasText: `E2E Absender ${run}` });
  await expect(noSubjectRow).toContainText('(kein Betreff)');
  await expect(noSubjectRow).toContainText('ohne Datum');
  await expect(noSubjectRow).toContainText('abgeholt');
  const noSenderRow = page.getByRole('row').filter({ hasText: `E2E ohne Absender ${run}` });
  await expect(noSenderRow).toContainText('(unbekannter Absender)');
  await expect(noSenderRow).toContainText('01.12.2025');
  await saveScreenshot(page, 'inbox-placeholders');
  await expectNoSeriousA11yViolations(page, 'Posteingang mit Platzhaltern');

  // The message without subject: placeholders, text, header fields and the original.
  await noSubjectRow.getByRole('link', { name: '(kein Betreff)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '(kein Betreff)' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Text' })).toContainText(
    `Ohne Betreff und ohne Datum, Lauf ${run}.`,
  );
  await page.getByText(/^Alle Kopfzeilen/).click();
  const headers = page.getByRole('table', {
    name: 'Kopfzeilen der Nachricht in ihrer Reihenfolge',
  });
  await expect(headers.getByRole('row').filter({ hasText: 'Message-ID' })).toContainText(
    `e2e-no-subject-${run}@postwerk.test`,
  );
  const rawHref = await page
    .getByRole('link', { name: 'Original herunterladen (.eml)' })
    .getAttribute('href');
  const raw = await page.request.get(rawHref ?? '');
  expect(raw.headers()['content-type']).toContain('message/rfc822');
  expect(await raw.text()).toContain(`Lauf ${run}.`);
  await saveScreenshot(page, 'inbox-message-placeholders');
  await expectNoSeriousA11yViolations(page, 'Nachricht ohne Betreff');

  await page.getByRole('link', { name: 'Zurück zum Posteingang' }).click();
  await noSenderRow.getByRole('link', { name: `E2E ohne Absender ${run}` }).click();
  await expect(page.getByRole('region', { name: 'Anhänge' })).toContainText('bauplan.txt');
  await expect(page.getByRole('definition').filter({ hasText: 'unbekannter' })).toHaveText(
    '(unbekannter Absender)',
  );

  // Protokolle, filtered to this mailbox and SMTP: the send, credentials redacted.
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Protokolle' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Protokolle' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(
    'die Protokolle zeigen den E-Mail-Verkehr aller Mitarbeiter und Postfächer',
  );
  await page.getByRole('combobox', { name: 'Postfach' }).selectOption(mailboxId);
  await page.getByRole('combobox', { name: 'Protokoll' }).selectOption('SMTP');
  await expect(page).toHaveURL(new RegExp(`postfach=${mailboxId}&protokoll=SMTP`));
  const sessions = page.getByRole('table', { name: /Sitzung/ });
  await expect(sessions.getByRole('row').nth(1)).toContainText('SMTP');
  await expect(sessions).not.toContainText('POP3');
  await saveScreenshot(page, 'session-logs');
  await expectNoSeriousA11yViolations(page, 'Protokolle');

  await sessions.getByRole('row').nth(1).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: /^SMTP-Sitzung mit / })).toBeVisible();
  const lines = page.getByRole('table', { name: /Zeilen? der Sitzung/ });
  await expect(lines).toContainText('AUTH');
  await expect(lines).toContainText('[redacted]');
  await expect(lines).not.toContainText(KUNDE.password);
  const textHref = await page
    .getByRole('link', { name: 'Als Textdatei herunterladen' })
    .getAttribute('href');
  const text = await (await page.request.get(textHref ?? '')).text();
  expect(text).toContain('[redacted]');
  expect(text).not.toContain(KUNDE.password);
  await saveScreenshot(page, 'session-log-smtp');
  await expectNoSeriousA11yViolations(page, 'SMTP-Sitzung');

  // And the POP3 side of the same mailbox.
  await page.getByRole('link', { name: 'Zurück zu den Protokollen' }).click();
  await page.getByRole('combobox', { name: 'Protokoll' }).selectOption('POP3');
  await expect(sessions).not.toContainText('SMTP');
  await sessions.getByRole('row').nth(1).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: /^POP3-Sitzung mit / })).toBeVisible();
  await expect(lines).toContainText('[redacted]');
  await expect(lines).not.toContainText(KUNDE.password);
});

function withoutSubject(run: string): string[] {
  return [
    `From: "E2E Absender ${run}" <absender@andere-firma.example>`,
    `To: ${KUNDE.address}`,
    `Message-ID: <e2e-no-subject-${run}@postwerk.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Ohne Betreff und ohne Datum, Lauf ${run}.`,
  ];
}

function withoutSender(run: string): string[] {
  return [
    `To: ${KUNDE.address}`,
    `Subject: E2E ohne Absender ${run}`,
    'Date: Mon, 01 Dec 2025 10:00:00 +0100',
    `Message-ID: <e2e-no-sender-${run}@postwerk.test>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="e2e-grenze"',
    '',
    '--e2e-grenze',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Der Bauplan haengt an.',
    '--e2e-grenze',
    'Content-Type: text/plain; name="bauplan.txt"',
    'Content-Disposition: attachment; filename="bauplan.txt"',
    '',
    'Erdgeschoss: Werkstatt und Lager.',
    '--e2e-grenze--',
  ];
}

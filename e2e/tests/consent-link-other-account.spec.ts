import { expect, test } from '@playwright/test';
import { callApi } from '../fixtures/api';
import { SIGNED_OUT } from '../fixtures/auth-state';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { crlf, deliverToMaildir, listMaildir } from '../fixtures/mail-stack';
import { signInAtMicrosoft } from '../fixtures/microsoft';
import {
  chooseServers,
  createServer,
  enableDirectMail,
  openOrCreateMailbox,
} from '../fixtures/portal';
import { saveScreenshot } from '../fixtures/screenshots';
import { openOverview } from '../fixtures/sign-in';

const OTHER_ACCOUNT = 'admin@bau-firma.de';

// Mail loss found in a user test: the employee opened MUELLER's link but signed in as
// admin@, and the next poll fetched admin@'s own mailbox into MUELLER and deleted it on the
// server. Now the employee is told at once, and the poll asks for the mailbox's own address,
// which Exchange (here the mail stack) refuses: admin@ has no Full Access to it. A mailbox
// of its own per run, polled every minute, so the scheduled poll comes within the test.
test('a link made with another account says so and fetches none of that account’s mail', async ({
  page,
  browser,
}) => {
  test.setTimeout(200_000);
  const run = Date.now().toString(36);
  await openOverview(page);
  const outgoing = await createServer(page, 'postausgang', { name: `M365 Fremd Versand ${run}` });
  const incoming = await createServer(page, 'posteingang', { name: `M365 Fremd Empfang ${run}` });
  await enableDirectMail(page);
  const code = `FREMD${run.toUpperCase()}`;
  const MAILBOX = `fremd.${run}@bau-firma.de`;
  const mailboxId = await openOrCreateMailbox(page, {
    code,
    displayName: `Geselle ${run}`,
    address: MAILBOX,
  });
  await page.getByRole('textbox', { name: 'Abrufintervall in Minuten' }).fill('1');
  await chooseServers(page, outgoing, incoming);
  const messageId = `<fremd-${run}@postwerk.test>`;
  await deliverToMaildir(
    OTHER_ACCOUNT,
    crlf([
      `To: ${OTHER_ACCOUNT}`,
      `Subject: Nur für admin ${run}`,
      `Message-ID: ${messageId}`,
      '',
      'x',
    ]),
  );

  try {
    const links = page.getByRole('region', { name: 'Anmeldelink für den Mitarbeiter' });
    await links.getByRole('button', { name: 'Anmeldelink erstellen' }).click();
    const urlField = links.getByRole('textbox', { name: 'Neuer Anmeldelink' });
    await expect(urlField).toHaveValue(/\/api\/consent\/[\w-]{20,}$/);
    const url = await urlField.inputValue();

    // The employee signs in with the wrong account and is told which, and what now.
    const employeeContext = await browser.newContext({ storageState: SIGNED_OUT });
    const employee = await employeeContext.newPage();
    await employee.goto(url);
    await signInAtMicrosoft(employee, OTHER_ACCOUNT);
    await expect(employee).toHaveURL(/\/einwilligung\/ergebnis\?status=linked-other-account&/);
    await expect(
      employee.getByRole('heading', {
        level: 1,
        name: 'Verbunden – aber mit einem anderen Konto als dem des Postfachs.',
      }),
    ).toBeVisible();
    await expect(
      employee.getByText(
        `Sie haben sich als ${OTHER_ACCOUNT} angemeldet; der Link war für das Postfach ${MAILBOX}.`,
      ),
    ).toBeVisible();
    await expect(employee.getByText(/Ihr Administrator sieht dazu einen Hinweis/)).toBeVisible();
    await expect(
      employee.getByText(/bitten Sie Ihren Administrator um einen neuen Link/),
    ).toBeVisible();
    await saveScreenshot(employee, 'consent-result-other-account');
    await expectNoSeriousA11yViolations(employee, 'Einwilligung mit anderem Konto');
    await employeeContext.close();

    // The poll that follows the link is refused at the login: the mailbox is flagged, and
    // admin@'s message is still on the server.
    await expect
      .poll(
        async () => {
          const mailbox = await (await page.request.get(`/api/mailboxes/${mailboxId}`)).json();
          return `${mailbox.status} ${mailbox.statusCode}`;
        },
        { timeout: 100_000 },
      )
      .toBe('FETCH_FAILED POP3_MAILBOX_ACCESS_DENIED');
    const onServer = await listMaildir(OTHER_ACCOUNT);
    expect(onServer.some((raw) => raw.toString('utf8').includes(messageId))).toBe(true);

    // [Einstellungen testen] names both accounts and both ways out.
    await page.goto(`/postfaecher/${mailboxId}`);
    const receiving = page.getByRole('region', { name: 'E-Mail Empfang' });
    await receiving.getByRole('button', { name: 'Einstellungen testen' }).click();
    await expect(receiving.getByRole('status').filter({ hasText: 'Test' })).toContainText(
      'Test fehlgeschlagen',
      { timeout: 60_000 },
    );
    const steps = receiving.getByRole('list', { name: 'Testschritte E-Mail Empfang' });
    await expect(steps).toContainText(
      `Anmeldung am Postfach ${MAILBOX} mit Microsoft-Konto ${OTHER_ACCOUNT}`,
    );
    await expect(steps).toContainText(
      `Das Konto ${OTHER_ACCOUNT} hat keinen Vollzugriff auf das Postfach ${MAILBOX}`,
    );
    await expect(steps).toContainText('oder verbinden Sie das Konto des Postfachs selbst');
    await saveScreenshot(page, 'mailbox-card-no-full-access');

    // The Übersicht lists it under its code.
    await openOverview(page);
    const item = page.getByRole('listitem').filter({ hasText: code });
    await expect(item.filter({ hasText: 'POP3_MAILBOX_ACCESS_DENIED' }).first()).toBeVisible();
  } finally {
    // The e2e database outlives the run: leave no failing mailbox on the next run's Übersicht.
    await callApi(page, 'DELETE', `/api/mailboxes/${mailboxId}`);
  }
});

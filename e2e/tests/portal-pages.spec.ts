import { expect, type Page, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../fixtures/axe';
import { saveScreenshot } from '../fixtures/screenshots';
import { openOverview } from '../fixtures/sign-in';

// Tablet width: the admins use the portal on site, not only at a desk.
test.use({ viewport: { width: 768, height: 1024 } });

const PAGES = [
  { path: '/', heading: 'Übersicht', shot: 'overview' },
  { path: '/firmen', heading: 'Firmen', shot: 'companies' },
  { path: '/firmen/neu', heading: 'Firma anlegen', shot: 'company-new' },
  { path: '/postfaecher', heading: 'Postfächer', shot: 'mailboxes' },
  { path: '/postfaecher/neu?art=oeffentlich', heading: 'Postfach anlegen', shot: 'mailbox-new' },
  { path: '/server', heading: 'Server', shot: 'servers' },
  { path: '/server/posteingang/neu', heading: 'Posteingangsserver anlegen', shot: 'server-new' },
  { path: '/einstellungen', heading: 'Einstellungen für alle Firmen', shot: 'settings' },
  { path: '/protokolle', heading: 'Protokolle', shot: 'session-logs' },
  {
    path: '/einwilligung/ergebnis?status=error&reason=AADSTS65001',
    heading: 'Die Anmeldung hat nicht geklappt.',
    shot: 'consent-result-error',
  },
] as const;

test('every portal page loads at tablet width without serious accessibility problems', async ({
  page,
}) => {
  // Hydration mismatches and missing translations surface as console errors.
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      consoleErrors.push(`${message.text()} (${message.location().url})`);
    }
  });
  await openOverview(page);
  for (const { path, heading, shot } of PAGES) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Wird geladen' })).toHaveCount(0);
    await expectNoHorizontalScroll(page, path);
    await saveScreenshot(page, `tablet-${shot}`);
    await expectNoSeriousA11yViolations(page, path);
  }
  expect(consoleErrors).toEqual([]);
});

test('the mailbox card shows the sending and receiving sections of a seeded mailbox', async ({
  page,
}) => {
  await openOverview(page);
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Postfächer' })
    .click();
  await page
    .getByRole('region', { name: 'Öffentliche Postfächer' })
    .getByRole('link', { name: 'INFO' })
    .click();

  await expect(page.getByRole('heading', { level: 1, name: /^INFO – / })).toBeVisible();
  await expect(page.getByRole('region', { name: 'E-Mail Versand' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'E-Mail Empfang' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Postausgangsserver' })).toBeVisible();
  await expect(
    page.getByRole('checkbox', { name: 'Kopie auf dem Server belassen' }),
  ).not.toBeChecked();
  await expectNoHorizontalScroll(page, 'mailbox card');
  await saveScreenshot(page, 'tablet-mailbox-card');
  await expectNoSeriousA11yViolations(page, 'Postfach INFO');
});

test('an inbox without mail says so and how mail gets there', async ({ page }) => {
  await openOverview(page);
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Postfächer' })
    .click();
  await page.getByRole('link', { name: 'INFO', exact: true }).click();
  await page.getByRole('link', { name: 'Posteingang', exact: true }).click();

  // INFO has no incoming server in the seed, so nothing was ever fetched for it.
  await expect(page.getByRole('heading', { level: 1, name: 'Posteingang – INFO' })).toBeVisible();
  await expect(page.getByText('Noch keine E-Mails abgeholt.')).toBeVisible();
  await expect(page.getByText(/\[Einstellungen testen\]/)).toBeVisible();
  await expectNoHorizontalScroll(page, 'inbox');
  await saveScreenshot(page, 'tablet-inbox-empty');
  await expectNoSeriousA11yViolations(page, 'Posteingang INFO (leer)');
});

test('the public consent page explains each outcome without the portal shell', async ({ page }) => {
  const outcomes = [
    { query: 'status=expired', heading: 'Dieser Link ist abgelaufen.' },
    { query: 'status=revoked', heading: 'Dieser Link gilt nicht mehr.' },
    { query: 'status=error&reason=STATE_EXPIRED', heading: 'Die Anmeldung hat nicht geklappt.' },
    { query: '', heading: 'Kein Ergebnis' },
  ];
  for (const { query, heading } of outcomes) {
    await page.goto(`/einwilligung/ergebnis?${query}`);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toHaveCount(0);
  }

  await page.goto('/einwilligung/ergebnis?status=error&reason=AADSTS65004');
  await expect(page.getByRole('main')).toContainText('„Akzeptieren“');
  await expect(page.getByRole('main')).toContainText('AADSTS65004');
  // An unknown reason gets the general text, and nothing of it is echoed back.
  await page.goto('/einwilligung/ergebnis?status=error&reason=%3Cb%3Ebold%3C%2Fb%3E');
  await expect(page.getByRole('main')).toContainText('technischer Fehler');
  await expect(page.getByRole('main')).not.toContainText('bold');
});

async function expectNoHorizontalScroll(page: Page, label: string): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `horizontal overflow on ${label}`).toBeLessThanOrEqual(0);
}

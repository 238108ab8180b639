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

async function expectNoHorizontalScroll(page: Page, label: string): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `horizontal overflow on ${label}`).toBeLessThanOrEqual(0);
}

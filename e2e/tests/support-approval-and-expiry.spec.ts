import { type Browser, expect, type Page, test } from '@playwright/test';
import { callApi } from '../fixtures/api';
import { ADMIN_STATE, SIGNED_OUT } from '../fixtures/auth-state';
import { letImpersonationRunOut } from '../fixtures/database';
import {
  openTenant,
  readSetting,
  restoreSetting,
  signInAsSupport,
  stopImpersonation,
  toggleSettingAndSave,
  uniqueReason,
  withAdminPage,
} from '../fixtures/support';

const TENANT = 'bau-firma';
const POLICY_LABEL = 'Support-Zugriff nur nach meiner Zustimmung';
const APPROVAL_REQUIRED = 'Dieser Mandant verlangt eine Freigabe.';
const EXPIRED_NOTICE = 'Ihr Support-Zugriff ist abgelaufen und wurde beendet.';
const SETTING = 'GoBD-Duplizierung';
const SETTING_KEY = 'gobdDuplication';

test.use({ storageState: SIGNED_OUT });
// Two browsers and many round trips on a small machine.
test.describe.configure({ timeout: 120_000 });

test('with approval required, support starts only after a firm admin approves', async ({
  page,
  browser,
}) => {
  const declined = uniqueReason('Ohne Freigabe');
  const approved = uniqueReason('Mit Freigabe');
  // The firm admin works in a browser of their own, as they would in their office.
  const { baseURL } = test.info().project.use;
  const adminContext = await browser.newContext({ baseURL, storageState: ADMIN_STATE });
  const admin = await adminContext.newPage();
  const wasRequired = await readPolicy(admin);
  try {
    await admin.goto('/einstellungen/audit');
    const policy = admin.getByRole('checkbox', { name: POLICY_LABEL });
    if (!wasRequired) {
      await policy.click();
    }
    await expect(policy).toBeChecked();

    await signInAsSupport(page);
    await useUpLeftoverApprovals(page);
    await openTenant(page, TENANT);
    await page.getByRole('textbox', { name: 'Grund' }).fill(declined);
    await expectStartRefused(page);

    // Declined: asking is not enough.
    await page.getByRole('button', { name: 'Freigabe anfragen' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Die Anfrage ist gestellt' }),
    ).toBeVisible();
    await decide(admin, declined, 'Ablehnen');
    await expectStartRefused(page);

    // Approved: now the same button starts the session.
    await openTenant(page, TENANT);
    await page.getByRole('textbox', { name: 'Grund' }).fill(approved);
    await page.getByRole('button', { name: 'Freigabe anfragen' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Die Anfrage ist gestellt' }),
    ).toBeVisible();
    await decide(admin, approved, 'Genehmigen');
    await page.getByRole('button', { name: 'Zugriff starten' }).click();
    const banner = bannerOf(page);
    await expect(banner).toContainText(/Support-Zugriff auf .+ – nur lesen – noch \d\d:\d\d/);
    await banner.getByRole('button', { name: 'Beenden' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Support-Konsole' })).toBeVisible();

    await admin.goto('/einstellungen/audit');
    const events = admin.getByRole('table', { name: 'Ereignisse' });
    await expect(rowOf(events, 'Zugriff angefragt', declined)).toContainText('Sam Support');
    await expect(rowOf(events, 'Zugriffsanfrage abgelehnt', declined)).toContainText(
      'Firmenadministrator',
    );
    await expect(rowOf(events, 'Zugriffsanfrage genehmigt', approved)).toHaveCount(1);
    await expect(rowOf(events, 'Support-Zugriff gestartet', approved)).toContainText('Sam Support');
    await expect(rowOf(events, 'Support-Zugriff gestartet', declined)).toHaveCount(0);
  } finally {
    await stopImpersonation(page);
    await callApi(admin, 'PUT', '/api/access-requests/policy', {
      requireSupportApproval: wasRequired,
    });
    await adminContext.close();
  }
});

test('a session past its time limit is refused on its next request and ends on the console', async ({
  page,
  browser,
}) => {
  const reason = uniqueReason('Abgelaufen');
  const secondReason = uniqueReason('Abgelaufen beim Laden');
  const original = await readSetting(browser, SETTING_KEY);
  try {
    await signInAsSupport(page);
    await startImpersonation(page, reason);
    const banner = bannerOf(page);
    await banner.getByRole('button', { name: 'Änderungen erlauben' }).click();
    await banner.getByRole('button', { name: 'Änderungen jetzt erlauben' }).click();
    await expect(banner).toContainText('Änderungen erlaubt');
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await nav.getByRole('link', { name: 'Einstellungen' }).click();
    await expect(page.getByRole('checkbox', { name: SETTING })).toBeVisible();
    // The page has loaded what it needs: the save below is the next request.
    await page.waitForLoadState('networkidle');

    // The minute passes; the next request (this save) is refused and nothing is saved.
    await letImpersonationRunOut(reason);
    await toggleSettingAndSave(page, SETTING);
    await expectBackOnConsoleWithNotice(page);
    await expect(banner).toHaveCount(0);
    expect(await readSetting(browser, SETTING_KEY)).toBe(original);

    // The same on a full page load: the portal's server notices it first.
    // Support leaves the portal (so no request of an open page comes first) and returns late.
    await startImpersonation(page, secondReason);
    await page.goto('about:blank');
    await letImpersonationRunOut(secondReason);
    await page.goto('/firmen');
    await expectBackOnConsoleWithNotice(page);

    // Ended for good: the portal sends support back to the console, without the notice.
    await page.goto('/einstellungen');
    await expect(page).toHaveURL(/\/support$/);
    await expectAuditedExpiry(browser, [reason, secondReason]);
  } finally {
    await stopImpersonation(page);
    await restoreSetting(browser, SETTING_KEY, original);
  }
});

async function startImpersonation(page: Page, reason: string): Promise<void> {
  await openTenant(page, TENANT);
  await page.getByRole('textbox', { name: 'Grund' }).fill(reason);
  // The shortest the API allows; the test lets it run out without waiting.
  await page.getByRole('spinbutton', { name: 'Dauer in Minuten' }).fill('1');
  await page.getByRole('button', { name: 'Zugriff starten' }).click();
  const banner = bannerOf(page);
  await expect(banner).toContainText(/– nur lesen – noch 0[01]:\d\d/);
}

async function expectBackOnConsoleWithNotice(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/support\?sitzung=abgelaufen$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Support-Konsole' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: EXPIRED_NOTICE })).toBeVisible();
}

async function expectStartRefused(page: Page): Promise<void> {
  const refusal = page.getByRole('alert').filter({ hasText: APPROVAL_REQUIRED });
  await expect(refusal).toHaveCount(0);
  await page.getByRole('button', { name: 'Zugriff starten' }).click();
  await expect(refusal).toBeVisible();
  await expect(bannerOf(page)).toHaveCount(0);
}

/** The firm admin decides on the pending request with this reason, in the portal. */
async function decide(admin: Page, reason: string, button: 'Genehmigen' | 'Ablehnen') {
  await admin.goto('/einstellungen/audit');
  const request = admin.getByRole('listitem').filter({ hasText: reason });
  await request.getByRole('button', { name: button }).click();
  await expect(request).toHaveCount(0);
}

async function expectAuditedExpiry(browser: Browser, reasons: string[]): Promise<void> {
  await withAdminPage(browser, async (admin) => {
    await admin.goto('/einstellungen/audit');
    const events = admin.getByRole('table', { name: 'Ereignisse' });
    for (const reason of reasons) {
      await expect(rowOf(events, 'Support-Zugriff abgelaufen', reason)).toContainText(
        'Sam Support',
      );
      await expect(rowOf(events, 'Änderung durch den Support', reason)).toHaveCount(0);
    }
  });
}

/**
 * An approval from an earlier, aborted run would let support in before this run's admin
 * decides (an approval is good for one start within hours): start and stop until none is left.
 */
async function useUpLeftoverApprovals(page: Page): Promise<void> {
  const search = await page.request.get(`/api/support/tenants?query=${TENANT}`);
  const { tenants } = (await search.json()) as { tenants: { id: string; slug: string }[] };
  const tenant = tenants.find((candidate) => candidate.slug === TENANT);
  expect(tenant).toBeDefined();
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const started = await callApi(page, 'POST', '/api/support/impersonations', {
      tenantId: tenant?.id,
      reason: 'Aufräumen alter Freigaben',
      durationMinutes: 1,
    });
    if (started.status() !== 201) {
      return;
    }
    await stopImpersonation(page);
  }
}

async function readPolicy(admin: Page): Promise<boolean> {
  const reply = await admin.request.get('/api/access-requests/policy');
  return ((await reply.json()) as { requireSupportApproval: boolean }).requireSupportApproval;
}

/** The impersonation banner (not the console's "Support-Zugriff starten" section). */
function bannerOf(page: Page) {
  return page.getByRole('region', { name: 'Support-Zugriff', exact: true });
}

function rowOf(events: ReturnType<Page['getByRole']>, action: string, reason: string) {
  return events.getByRole('row').filter({ hasText: action }).filter({ hasText: reason });
}

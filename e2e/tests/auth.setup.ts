import { test as setup } from '@playwright/test';
import { ADMIN_STATE } from '../fixtures/auth-state';
import { signInAsDemoAdmin } from '../fixtures/sign-in';

// One sign-in for the whole run: the API allows only a few sign-ins per minute and address,
// and the specs that do not test signing in only need a session.
setup('sign in as the demo admin', async ({ page }) => {
  await signInAsDemoAdmin(page);
  await page.context().storageState({ path: ADMIN_STATE });
});

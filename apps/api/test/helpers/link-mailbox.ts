import { openCallback, signInAtStandIn, startLink } from './microsoft-browser.ts';
import type { MicrosoftFixture } from './microsoft-fixture.ts';

/** Creates a mailbox and links it to `email` through the real redirect flow. */
export async function createLinkedMailbox(
  f: MicrosoftFixture,
  code: string,
  email: string,
): Promise<string> {
  const mailboxId = await f.createMailbox(code, `${code.toLowerCase()}@bau-firma.de`);
  const callback = await signInAtStandIn(await startLink(f.admin, mailboxId), email);
  const landing = await openCallback(f.t.app, callback, f.admin);
  if (landing.searchParams.get('microsoft') !== 'linked') {
    throw new Error(`linking failed: ${landing}`);
  }
  return mailboxId;
}

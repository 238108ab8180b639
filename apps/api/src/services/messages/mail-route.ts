import type { Mailbox, TenantSettings } from '@postwerk/db';

export type MailRoute = 'RELAY' | 'EXTERNAL';

/**
 * How a mailbox's mail leaves: through the external server when the tenant sends that way
 * and the mailbox has one, otherwise through the vendor's relay.
 */
export function sendRouteOf(
  settings: Pick<TenantSettings, 'sendRoute'>,
  mailbox: Pick<Mailbox, 'outgoingServerId'>,
) {
  return settings.sendRoute === 'EXTERNAL' && mailbox.outgoingServerId ? 'EXTERNAL' : 'RELAY';
}

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

/**
 * The outgoing server a message for a company uses: the mailbox's choice for that company
 * while "Verschiedene Server je Firma" is on, otherwise the mailbox's own. The worker's
 * resolveSmtp makes the same choice when it sends.
 */
export function serverForCompany(context: {
  outgoingServerId: string | null;
  serversPerCompany: boolean | null;
  companyOutgoingServerId: string | null;
}): string | null {
  const companyServer = context.serversPerCompany ? context.companyOutgoingServerId : null;
  return companyServer ?? context.outgoingServerId;
}

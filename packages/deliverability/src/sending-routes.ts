import type { DeliveryRoute, SendRoute } from '@postwerk/db';

/** One way mail of a domain leaves; `serverHost` names the server for OTHER_SMTP only. */
export type SendingRoute = { route: DeliveryRoute; serverHost: string };

// Exchange Online's SMTP submission hosts; smtp-legacy is the one Microsoft keeps for old
// clients until basic authentication ends.
const MICROSOFT_365_HOSTS = new Set([
  'outlook.office365.com',
  'smtp.office365.com',
  'smtp-legacy.office365.com',
]);

/**
 * The routes a company domain's mail takes. With the relay, every mailbox sends through it.
 * With external servers, each distinct outgoing server host of the domain's mailboxes is a
 * route; Microsoft's hosts count as one Microsoft 365 route.
 */
export function deriveSendingRoutes(
  sendRoute: SendRoute,
  outgoingHosts: readonly string[],
): SendingRoute[] {
  if (sendRoute === 'RELAY') {
    return [{ route: 'RELAY', serverHost: '' }];
  }

  const routes = new Map<string, SendingRoute>();
  for (const rawHost of outgoingHosts) {
    const host = rawHost.trim().toLowerCase().replace(/\.$/, '');
    const route: SendingRoute = MICROSOFT_365_HOSTS.has(host)
      ? { route: 'MICROSOFT_365', serverHost: '' }
      : { route: 'OTHER_SMTP', serverHost: host };
    routes.set(`${route.route} ${route.serverHost}`, route);
  }
  return [...routes.values()].sort((a, b) =>
    `${a.route} ${a.serverHost}`.localeCompare(`${b.route} ${b.serverHost}`),
  );
}

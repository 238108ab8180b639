import type { ServerRole } from './api-types';

// The portal's URLs are German, like the screens the administrators know from the help page.
export const ROUTES = {
  overview: '/',
  signIn: '/anmelden',
  companies: '/firmen',
  newCompany: '/firmen/neu',
  mailboxes: '/postfaecher',
  newMailbox: '/postfaecher/neu',
  servers: '/server',
  settings: '/einstellungen',
  audit: '/einstellungen/audit',
  apiAccess: '/einstellungen/api-zugang',
  support: '/support',
  // Where support lands when the API has just ended an impersonation that ran out of time.
  supportAfterExpiry: '/support?sitzung=abgelaufen',
  sessionLogs: '/protokolle',
  consentResult: '/einwilligung/ergebnis',
} as const;

export const SERVER_ROLE_SEGMENT: Record<ServerRole, string> = {
  outgoing: 'postausgang',
  incoming: 'posteingang',
};

export function companyRoute(id: string): string {
  return `${ROUTES.companies}/${encodeURIComponent(id)}`;
}

export function mailboxRoute(id: string): string {
  return `${ROUTES.mailboxes}/${encodeURIComponent(id)}`;
}

export function inboxRoute(mailboxId: string): string {
  return `${mailboxRoute(mailboxId)}/posteingang`;
}

export function inboxMessageRoute(mailboxId: string, messageId: string): string {
  return `${inboxRoute(mailboxId)}/${encodeURIComponent(messageId)}`;
}

export function sessionLogRoute(id: string): string {
  return `${ROUTES.sessionLogs}/${encodeURIComponent(id)}`;
}

/** The Protokolle, filtered to one mailbox (the query names are German, like the paths). */
export function mailboxSessionLogsRoute(mailboxId: string): string {
  return `${ROUTES.sessionLogs}?postfach=${encodeURIComponent(mailboxId)}`;
}

export function serverRoute(role: ServerRole, id: string | 'neu'): string {
  return `${ROUTES.servers}/${SERVER_ROLE_SEGMENT[role]}/${encodeURIComponent(id)}`;
}

export function serverRoleFromSegment(segment: string): ServerRole | undefined {
  if (segment === SERVER_ROLE_SEGMENT.outgoing) {
    return 'outgoing';
  }
  return segment === SERVER_ROLE_SEGMENT.incoming ? 'incoming' : undefined;
}

/** The sign-in page with a way back; only same-site paths, never "//host" or a full URL. */
export function signInRoute(returnTo?: string): string {
  if (!returnTo || !isSafeReturnPath(returnTo) || returnTo === ROUTES.signIn) {
    return ROUTES.signIn;
  }
  return `${ROUTES.signIn}?weiter=${encodeURIComponent(returnTo)}`;
}

export function isSafeReturnPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
}

import type { AuditEvent } from '@/lib/api-types';

// Actions the portal can name in words; others are shown as the API spells them.
export const ACTION_KEYS: Record<string, string> = {
  'support.impersonation.started': 'impersonationStarted',
  'support.impersonation.stepped_up': 'impersonationSteppedUp',
  'support.impersonation.stopped': 'impersonationStopped',
  'support.impersonation.expired': 'impersonationExpired',
  'support.impersonation.change': 'impersonationChange',
  'support.access_request.created': 'accessRequestCreated',
  'support.access_request.approved': 'accessRequestApproved',
  'support.access_request.declined': 'accessRequestDeclined',
  'support.policy.changed': 'policyChanged',
  'microsoft.linked': 'microsoftLinked',
  'microsoft.unlinked': 'microsoftUnlinked',
  'api_key.created': 'apiKeyCreated',
  'api_key.revoked': 'apiKeyRevoked',
};

type Change = { method: string; route: string; key: string };

// A change made in a support session is recorded as method and route (`PUT /api/mailboxes/:id`):
// these are the ones the portal words. `:id` is the thing changed, named when the page knows it.
const CHANGES: Change[] = [
  { method: 'POST', route: '/api/mailboxes', key: 'mailboxCreated' },
  { method: 'PUT', route: '/api/mailboxes/:id', key: 'mailboxChanged' },
  { method: 'DELETE', route: '/api/mailboxes/:id', key: 'mailboxDeleted' },
  { method: 'DELETE', route: '/api/mailboxes/:id/microsoft', key: 'microsoftRemoved' },
  { method: 'POST', route: '/api/mailboxes/:id/consent-links', key: 'consentLinkCreated' },
  {
    method: 'DELETE',
    route: '/api/mailboxes/:id/consent-links/:linkId',
    key: 'consentLinkRevoked',
  },
  { method: 'POST', route: '/api/mailboxes/:id/tests', key: 'settingsTested' },
  { method: 'POST', route: '/api/mailboxes/:id/messages', key: 'messageSent' },
  { method: 'POST', route: '/api/outgoing-servers', key: 'outgoingCreated' },
  { method: 'PUT', route: '/api/outgoing-servers/:id', key: 'outgoingChanged' },
  { method: 'DELETE', route: '/api/outgoing-servers/:id', key: 'outgoingDeleted' },
  { method: 'POST', route: '/api/incoming-servers', key: 'incomingCreated' },
  { method: 'PUT', route: '/api/incoming-servers/:id', key: 'incomingChanged' },
  { method: 'DELETE', route: '/api/incoming-servers/:id', key: 'incomingDeleted' },
  { method: 'POST', route: '/api/companies', key: 'companyCreated' },
  { method: 'PUT', route: '/api/companies/:id', key: 'companyChanged' },
  { method: 'DELETE', route: '/api/companies/:id', key: 'companyDeleted' },
  { method: 'POST', route: '/api/companies/:id/deliverability', key: 'deliverabilityChecked' },
  { method: 'PUT', route: '/api/settings', key: 'settingsChanged' },
];

/** The wording key of a support change and the id of what it changed, if the route is known. */
export function matchChange(event: AuditEvent): { key: string; id?: string } | undefined {
  const method = event.details.method;
  const route = trimSlash(event.targetId ?? '');
  const change = CHANGES.find((c) => c.method === method && c.route === route);
  if (!change) {
    return undefined;
  }
  const url = typeof event.details.url === 'string' ? trimSlash(event.details.url) : '';
  const routeParts = change.route.split('/');
  const index = routeParts.indexOf(':id');
  const id = index >= 0 ? url.split('/')[index] : undefined;
  return { key: change.key, id: id ? decodeURIComponent(id) : undefined };
}

/**
 * The reason support gave when allowing changes, for a change made afterwards in the same
 * session; undefined when none was given beyond the session's own reason.
 * Known limit: found among the events on the page; a step-up older than the newest 100
 * events is not shown next to the changes that followed it.
 */
export function findStepUpReason(event: AuditEvent, events: AuditEvent[]): string | undefined {
  const impersonationId = event.details.impersonationId;
  if (event.action !== 'support.impersonation.change' || typeof impersonationId !== 'string') {
    return undefined;
  }
  const stepUp = events.find(
    (e) => e.action === 'support.impersonation.stepped_up' && e.targetId === impersonationId,
  );
  const reason = stepUp?.reason?.trim();
  return reason && reason !== event.reason ? reason : undefined;
}

export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

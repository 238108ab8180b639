import { describe, expect, it } from 'vitest';
import {
  findStepUpReason,
  matchChange,
} from '../app/(portal)/einstellungen/audit/audit-wording.ts';
import type { AuditEvent } from '../lib/api-types.ts';

const MAILBOX_ID = '0b5c2d7e-7a44-4d1f-9a61-3f2b8c9d0e11';

function event(fields: Partial<AuditEvent>): AuditEvent {
  return {
    id: crypto.randomUUID(),
    action: 'support.impersonation.change',
    reason: 'Ticket 4711',
    targetType: 'route',
    targetId: null,
    details: {},
    createdAt: '2026-12-04T08:00:00.000Z',
    actor: null,
    ...fields,
  };
}

// The audit log read "PUT /api/mailboxes/<uuid>"; it now names the change and what it touched.
describe('audit wording', () => {
  it('words a known method and route and finds the id of what changed', () => {
    const change = event({
      targetId: '/api/mailboxes/:id',
      details: { method: 'PUT', url: `/api/mailboxes/${MAILBOX_ID}`, impersonationId: 'i-1' },
    });

    expect(matchChange(change)).toEqual({ key: 'mailboxChanged', id: MAILBOX_ID });
  });

  it('words routes without an id, with a trailing slash too', () => {
    const created = event({
      targetId: '/api/mailboxes/',
      details: { method: 'POST', url: '/api/mailboxes' },
    });
    const link = event({
      targetId: '/api/mailboxes/:id/consent-links',
      details: { method: 'POST', url: `/api/mailboxes/${MAILBOX_ID}/consent-links` },
    });

    expect(matchChange(created)).toEqual({ key: 'mailboxCreated', id: undefined });
    expect(matchChange(link)).toEqual({ key: 'consentLinkCreated', id: MAILBOX_ID });
  });

  it('leaves an unknown route to the generic words', () => {
    const unknown = event({ targetId: '/api/else/:id', details: { method: 'PUT', url: '/x' } });
    expect(matchChange(unknown)).toBeUndefined();
  });

  it('shows the step-up reason next to the changes made after it, if one was given', () => {
    const stepUp = event({
      action: 'support.impersonation.stepped_up',
      targetId: 'i-1',
      reason: 'Server umstellen',
    });
    const plainStepUp = event({
      action: 'support.impersonation.stepped_up',
      targetId: 'i-2',
      reason: 'Ticket 4711',
    });
    const change = event({ details: { impersonationId: 'i-1' } });
    const otherChange = event({ details: { impersonationId: 'i-2' } });
    const events = [change, otherChange, stepUp, plainStepUp];

    expect(findStepUpReason(change, events)).toBe('Server umstellen');
    // Without a reason of its own the step-up repeats the session's: nothing new to show.
    expect(findStepUpReason(otherChange, events)).toBeUndefined();
    expect(findStepUpReason(stepUp, events)).toBeUndefined();
  });
});

'use client';

import { useTranslations } from 'next-intl';
import { DateTime } from '@/components/date-time';
import { EmptyState, QueryState } from '@/components/query-state';
import { SectionCard } from '@/components/section-card';
import type { AuditEvent, Company, Mailbox, MailServer } from '@/lib/api-types';
import { SERVER_API_PATH } from '@/lib/api-types';
import { TABLE_CLASS, TD_CLASS, TH_CLASS } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';
import { ACTION_KEYS, findStepUpReason, matchChange, textOf } from './audit-wording';

/** The audit events, newest first, as the API lists them. */
export function AuditList() {
  const t = useTranslations('audit');
  const query = useApiQuery<{ events: AuditEvent[] }>('/api/audit-events?limit=100');
  const names = useThingNames();

  function describeAction(event: AuditEvent): string {
    if (event.action === 'support.impersonation.change') {
      const change = matchChange(event);
      if (!change) {
        // An unknown route: the words without the raw method, path and ids.
        return t('actions.impersonationChange');
      }
      const name = change.id ? names.get(change.id) : undefined;
      const words = t(`changes.${change.key}`);
      return name ? `${words}: ${name}` : words;
    }
    const key = ACTION_KEYS[event.action];
    const words = key ? t(`actions.${key}`) : event.action;
    if (event.action === 'microsoft.linked' || event.action === 'microsoft.unlinked') {
      return `${words}: ${describeMicrosoftTarget(event)}`;
    }
    const keyName = event.action.startsWith('api_key.') ? textOf(event.details.name) : undefined;
    if (keyName) {
      return `${words}: ${keyName} (${textOf(event.details.prefix) ?? '–'})`;
    }
    return words;
  }

  function describeMicrosoftTarget(event: AuditEvent): string {
    const mailbox =
      textOf(event.details.mailboxCode) ?? names.get(event.targetId ?? '') ?? t('unknownMailbox');
    const account = textOf(event.details.upn);
    const target = account
      ? t('mailboxAndAccount', { mailbox, account })
      : t('mailboxOnly', { mailbox });
    return event.details.viaConsentLink === true ? `${target} ${t('viaConsentLink')}` : target;
  }

  return (
    <SectionCard id="events" title={t('eventsTitle')}>
      <QueryState
        query={query}
        isEmpty={(data) => data.events.length === 0}
        empty={<EmptyState title={t('noEvents')} />}
      >
        {(data) => (
          <div className="overflow-x-auto">
            <table className={TABLE_CLASS}>
              <caption className="sr-only">{t('eventsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col" className={TH_CLASS}>
                    {t('time')}
                  </th>
                  <th scope="col" className={TH_CLASS}>
                    {t('actor')}
                  </th>
                  <th scope="col" className={TH_CLASS}>
                    {t('action')}
                  </th>
                  <th scope="col" className={TH_CLASS}>
                    {t('reason')}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {data.events.map((event) => (
                  <tr key={event.id}>
                    <td className={`${TD_CLASS} whitespace-nowrap`}>
                      <DateTime value={event.createdAt} />
                    </td>
                    <td className={TD_CLASS}>
                      {event.actor ? (
                        <>
                          {event.actor.name}
                          <span className="block text-slate-700">
                            {t(`roles.${event.actor.role}`)}
                          </span>
                        </>
                      ) : (
                        t('system')
                      )}
                    </td>
                    <td className={TD_CLASS}>{describeAction(event)}</td>
                    <td className={TD_CLASS}>
                      <ReasonCell event={event} events={data.events} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </SectionCard>
  );
}

/** The session's reason, and for a change after a step-up the reason given for allowing it. */
function ReasonCell({ event, events }: { event: AuditEvent; events: AuditEvent[] }) {
  const t = useTranslations('audit');
  const stepUpReason = findStepUpReason(event, events);
  return (
    <>
      {event.reason ?? '–'}
      {stepUpReason ? (
        <span className="block text-slate-700">
          {t('stepUpReason')}: {stepUpReason}
        </span>
      ) : null}
    </>
  );
}

/**
 * Id → code or name of the tenant's mailboxes, servers and companies, so a change reads
 * "Postfach geändert: BECKER" rather than an id. Something deleted since has no name here.
 */
function useThingNames(): Map<string, string> {
  const mailboxes = useApiQuery<Mailbox[]>('/api/mailboxes');
  const outgoing = useApiQuery<MailServer[]>(SERVER_API_PATH.outgoing);
  const incoming = useApiQuery<MailServer[]>(SERVER_API_PATH.incoming);
  const companies = useApiQuery<Company[]>('/api/companies');
  const names = new Map<string, string>();
  for (const mailbox of mailboxes.data ?? []) {
    names.set(mailbox.id, mailbox.code);
  }
  for (const thing of [
    ...(outgoing.data ?? []),
    ...(incoming.data ?? []),
    ...(companies.data ?? []),
  ]) {
    names.set(thing.id, thing.name);
  }
  return names;
}

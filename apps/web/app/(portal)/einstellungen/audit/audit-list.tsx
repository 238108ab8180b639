'use client';

import { useTranslations } from 'next-intl';
import { DateTime } from '@/components/date-time';
import { EmptyState, QueryState } from '@/components/query-state';
import { SectionCard } from '@/components/section-card';
import type { AuditEvent } from '@/lib/api-types';
import { TABLE_CLASS, TD_CLASS, TH_CLASS } from '@/lib/ui';
import { useApiQuery } from '@/lib/use-api-query';

// Actions the portal can name in words; others are shown as the API spells them.
const ACTION_KEYS: Record<string, string> = {
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
};

/** The audit events, newest first, as the API lists them. */
export function AuditList() {
  const t = useTranslations('audit');
  const query = useApiQuery<{ events: AuditEvent[] }>('/api/audit-events?limit=100');

  function describeAction(event: AuditEvent): string {
    const key = ACTION_KEYS[event.action];
    const words = key ? t(`actions.${key}`) : event.action;
    const method = event.details.method;
    const url = event.details.url;
    if (event.action === 'support.impersonation.change' && typeof url === 'string') {
      return `${words} (${typeof method === 'string' ? `${method} ` : ''}${url})`;
    }
    return words;
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
                    <td className={TD_CLASS}>{event.reason ?? '–'}</td>
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

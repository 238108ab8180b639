'use client';

import { useTranslations } from 'next-intl';
import { EmptyState } from '@/components/query-state';
import { SectionCard } from '@/components/section-card';
import { SelectField } from '@/components/select-field';
import type { Company, MailServer } from '@/lib/api-types';
import type { CompanyServerDraft, DraftSectionProps } from './mailbox-draft';
import { toServerOptions } from './server-options';

type CompanyServersFieldsetProps = DraftSectionProps & {
  companies: Company[];
  outgoing: MailServer[];
  incoming: MailServer[];
};

const EMPTY: CompanyServerDraft = { outgoingServerId: '', incomingServerId: '' };

/**
 * "Verschiedene Server je Firma": a server pair per company. The mailbox's one Microsoft
 * account serves all of them, which the hint says, as the help page does.
 */
export function CompanyServersFieldset(props: CompanyServersFieldsetProps) {
  const { draft, update, errors, companies } = props;
  const t = useTranslations('mailboxCard.companyServers');

  function change(companyId: string, key: keyof CompanyServerDraft, value: string) {
    const current = draft.companyServers[companyId] ?? EMPTY;
    update('companyServers', {
      ...draft.companyServers,
      [companyId]: { ...current, [key]: value },
    });
  }

  return (
    <SectionCard id="company-servers" title={t('title')} description={t('hint')}>
      {errors.companyServers ? (
        <p role="alert" className="text-sm font-medium text-red-800">
          {errors.companyServers}
        </p>
      ) : null}
      {companies.length === 0 ? <EmptyState title={t('noCompanies')} /> : null}
      {companies.map((company) => {
        const choice = draft.companyServers[company.id] ?? EMPTY;
        return (
          <fieldset key={company.id} className="rounded-md border border-slate-300 p-4">
            <legend className="px-1 font-medium">{company.name}</legend>
            <div className="grid gap-4 md:grid-cols-2">
              <SelectField
                id={`company-${company.id}-outgoing`}
                label={t('outgoing')}
                value={choice.outgoingServerId}
                options={toServerOptions(props.outgoing, t('asMailbox'))}
                onChange={(value) => change(company.id, 'outgoingServerId', value)}
              />
              <SelectField
                id={`company-${company.id}-incoming`}
                label={t('incoming')}
                value={choice.incomingServerId}
                options={toServerOptions(props.incoming, t('asMailbox'))}
                onChange={(value) => change(company.id, 'incomingServerId', value)}
              />
            </div>
          </fieldset>
        );
      })}
    </SectionCard>
  );
}

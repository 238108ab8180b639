import type { Company, Mailbox, MailboxInput, MailboxKind } from '@/lib/api-types';

/** Per company: '' means "as the mailbox's own server". */
export type CompanyServerDraft = { outgoingServerId: string; incomingServerId: string };

/** The card's form values as the inputs hold them: '' stands for "no server". */
export type MailboxDraft = {
  kind: MailboxKind;
  code: string;
  displayName: string;
  externalAddress: string;
  relayAddress: string;
  incomingRelayAddress: string;
  outgoingServerId: string;
  incomingServerId: string;
  keepCopyOnServer: boolean;
  pollIntervalMinutes: string;
  companyServers: Record<string, CompanyServerDraft>;
};

export const MAILBOX_FIELDS = [
  'kind',
  'code',
  'displayName',
  'externalAddress',
  'relayAddress',
  'incomingRelayAddress',
  'outgoingServerId',
  'incomingServerId',
  'keepCopyOnServer',
  'pollIntervalMinutes',
  'companyServers',
] as const;

export function toDraft(mailbox: Mailbox): MailboxDraft {
  const companyServers: Record<string, CompanyServerDraft> = {};
  for (const entry of mailbox.companyServers) {
    companyServers[entry.companyId] = {
      outgoingServerId: entry.outgoingServerId ?? '',
      incomingServerId: entry.incomingServerId ?? '',
    };
  }
  return {
    kind: mailbox.kind,
    code: mailbox.code,
    displayName: mailbox.displayName,
    externalAddress: mailbox.externalAddress,
    relayAddress: mailbox.relayAddress,
    incomingRelayAddress: mailbox.incomingRelayAddress,
    outgoingServerId: mailbox.outgoingServerId ?? '',
    incomingServerId: mailbox.incomingServerId ?? '',
    keepCopyOnServer: mailbox.keepCopyOnServer,
    pollIntervalMinutes: String(mailbox.pollIntervalMinutes),
    companyServers,
  };
}

export function toMailboxInput(draft: MailboxDraft): MailboxInput {
  // Companies left on "as the mailbox" need no row; the API stores only what differs.
  const companyServers = Object.entries(draft.companyServers)
    .filter(([, servers]) => servers.outgoingServerId || servers.incomingServerId)
    .map(([companyId, servers]) => ({
      companyId,
      outgoingServerId: servers.outgoingServerId || null,
      incomingServerId: servers.incomingServerId || null,
    }));

  return {
    kind: draft.kind,
    code: draft.code.trim(),
    displayName: draft.displayName.trim(),
    externalAddress: draft.externalAddress.trim(),
    // Empty means "derive it again from code and company identifier".
    relayAddress: draft.relayAddress.trim() || null,
    incomingRelayAddress: draft.incomingRelayAddress.trim() || null,
    outgoingServerId: draft.outgoingServerId || null,
    incomingServerId: draft.incomingServerId || null,
    keepCopyOnServer: draft.keepCopyOnServer,
    pollIntervalMinutes: Number(draft.pollIntervalMinutes.trim()),
    companyServers,
  };
}

/** Whether the form holds changes that leaving the page (e.g. to Microsoft) would lose. */
export function isDraftChanged(draft: MailboxDraft, saved: MailboxDraft): boolean {
  return JSON.stringify(toMailboxInput(draft)) !== JSON.stringify(toMailboxInput(saved));
}

export type UpdateDraft = <K extends keyof MailboxDraft>(key: K, value: MailboxDraft[K]) => void;

/** What every section of the card receives. */
export type DraftSectionProps = {
  draft: MailboxDraft;
  update: UpdateDraft;
  errors: Record<string, string>;
  /** A settings test finished: the worker has updated the mailbox's status. */
  onTestFinished?: () => void;
  /** With "Verschiedene Server je Firma": the companies a settings test may be run for. */
  testCompanies?: Company[];
};

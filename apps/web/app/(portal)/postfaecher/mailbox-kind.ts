import type { MailboxKind } from '@/lib/api-types';

/** `?art=` values of /postfaecher/neu, in the portal's German URL words. */
export const KIND_QUERY_VALUE: Record<MailboxKind, string> = {
  EMPLOYEE: 'mitarbeiter',
  PUBLIC: 'oeffentlich',
};

export function kindFromQuery(value: string | string[] | undefined): MailboxKind {
  return value === KIND_QUERY_VALUE.PUBLIC ? 'PUBLIC' : 'EMPLOYEE';
}

export const MAILBOX_KINDS: readonly MailboxKind[] = ['EMPLOYEE', 'PUBLIC'];

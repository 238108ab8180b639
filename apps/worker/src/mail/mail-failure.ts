import {
  type ClassifyContext,
  classifyMailError,
  MicrosoftLinkDeadError,
  MicrosoftLinkMissingError,
} from '@postwerk/mailcore';

/** A failure as the worker records it: a code, whether to retry, and the admin's German texts. */
export type MailFailure = {
  code: string;
  transient: boolean;
  messageDe: string;
  actionDe: string;
  detail?: string;
};

/** A configuration problem found before any connection: never worth a retry. */
export class MailConfigError extends Error {
  override name = 'MailConfigError';
  constructor(
    readonly code: string,
    readonly messageDe: string,
    readonly actionDe: string,
  ) {
    super(code);
  }
}

/** Turns anything a send, poll or test threw into a {@link MailFailure}. */
export function describeFailure(error: unknown, context: ClassifyContext): MailFailure {
  if (error instanceof MailConfigError || error instanceof MicrosoftLinkDeadError) {
    const { code, messageDe, actionDe } = error;
    return { code, transient: false, messageDe, actionDe };
  }
  if (error instanceof MicrosoftLinkMissingError) {
    return {
      code: 'MICROSOFT_LINK_MISSING',
      transient: false,
      messageDe: 'Für dieses Postfach ist kein Microsoft-Konto angemeldet.',
      actionDe: 'Öffnen Sie das Postfach und klicken Sie unter „E-Mail Versand“ auf [Anmelden].',
    };
  }
  const classified = classifyMailError(error, context);
  return {
    code: classified.code,
    transient: classified.transient,
    messageDe: classified.messageDe,
    actionDe: classified.actionDe,
    detail: classified.detail,
  };
}

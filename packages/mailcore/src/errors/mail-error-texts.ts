import { z } from 'zod';
import type { ClassifyContext } from './classify-context.ts';
import { MAIL_ERROR_CODES, type MailErrorCode } from './mail-error-codes.ts';
import rawTexts from './mail-error-texts.de.json' with { type: 'json' };

// The German texts live in JSON: long sentences stay whole and readable for translators.
const entrySchema = z.strictObject({
  transient: z.boolean(),
  messageDe: z.string().min(1),
  actionDe: z.string().min(1),
  /** Replaces actionDe when the account signs in with OAuth2. */
  actionDeOauth2: z.string().min(1).optional(),
});

const textsSchema = z.strictObject({
  snippets: z.record(z.string(), z.string()),
  // An enum-keyed record must name every code, so a new code without texts fails at load.
  codes: z.record(z.enum(MAIL_ERROR_CODES), entrySchema),
});

const TEXTS = textsSchema.parse(rawTexts);

/** Whether a code is worth retrying, and what to tell the administrator, in German. */
export interface RenderedMailErrorText {
  transient: boolean;
  messageDe: string;
  actionDe: string;
}

/** Looks up and fills in the texts for a code. */
export function renderMailErrorText(
  code: MailErrorCode,
  context: ClassifyContext,
): RenderedMailErrorText {
  const entry = TEXTS.codes[code];
  const action =
    context.authType === 'oauth2' && entry.actionDeOauth2 ? entry.actionDeOauth2 : entry.actionDe;

  return {
    transient: entry.transient,
    messageDe: fillPlaceholders(entry.messageDe, context),
    actionDe: fillPlaceholders(action, context),
  };
}

function fillPlaceholders(text: string, context: ClassifyContext): string {
  const server = context.protocol === 'SMTP' ? 'Postausgangsserver' : 'Posteingangsserver';
  const values: Record<string, string> = {
    ...TEXTS.snippets,
    retry: (context.manualTest ? TEXTS.snippets.retryManual : TEXTS.snippets.retry) ?? '',
    server,
    protocol: context.protocol,
    // The code that names them is only chosen when both are known; these read sensibly anyway.
    mailbox: context.mailbox ?? '(Adresse des Postfachs)',
    account: context.signedInAccount ?? '(angemeldetes Microsoft-Konto)',
  };
  return text.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}

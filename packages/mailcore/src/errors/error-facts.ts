import { Pop3Error } from '../pop3/pop3-error.ts';
import type { Xoauth2Challenge } from '../sasl/xoauth2.ts';

/** Everything the classifier reads from an error, whichever library threw it. */
export interface ErrorFacts {
  /** Every code found: `code`, nodemailer's `originalCode`, our `osCode`, `cause.code`. */
  codes: string[];
  message: string;
  /** SMTP reply or POP3 status line. */
  response?: string;
  responseCode?: number;
  /** RFC 3463 enhanced status code from the reply, e.g. `5.7.139`. */
  enhancedCode?: string;
  command?: string;
  /** nodemailer's ETIMEDOUT kind, e.g. `GREETING_TIMEOUT`. */
  timeoutType?: string;
  pop3?: Pop3Error;
  challenge?: Xoauth2Challenge;
}

type LooseError = {
  code?: unknown;
  originalCode?: unknown;
  osCode?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  timeoutType?: unknown;
  xoauth2Challenge?: unknown;
  challenge?: unknown;
  message?: unknown;
  cause?: unknown;
};

// RFC 3463 §2: class.subject.detail, right after the basic reply code (RFC 2034 §4).
const ENHANCED_CODE = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/;
const ENHANCED_CODE_ANYWHERE = /\b([245]\.\d{1,3}\.\d{1,3})\b/;

/** Reads the facts out of whatever was thrown. */
export function readErrorFacts(error: unknown): ErrorFacts {
  const loose: LooseError = typeof error === 'object' && error !== null ? error : {};
  const cause: LooseError =
    typeof loose.cause === 'object' && loose.cause !== null ? (loose.cause as LooseError) : {};
  const codes = [loose.code, loose.originalCode, loose.osCode, cause.code].filter(
    (code): code is string => typeof code === 'string',
  );
  const response = asString(loose.response);
  const message = asString(loose.message) ?? String(error);
  const pop3 = error instanceof Pop3Error ? error : undefined;

  return {
    codes,
    message,
    response,
    responseCode: typeof loose.responseCode === 'number' ? loose.responseCode : undefined,
    enhancedCode: findEnhancedCode(response),
    command: asString(loose.command),
    timeoutType: asString(loose.timeoutType),
    pop3,
    challenge: (pop3?.challenge ?? loose.xoauth2Challenge) as Xoauth2Challenge | undefined,
  };
}

function findEnhancedCode(response: string | undefined): string | undefined {
  if (!response) {
    return undefined;
  }
  return (ENHANCED_CODE.exec(response) ?? ENHANCED_CODE_ANYWHERE.exec(response))?.[1];
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

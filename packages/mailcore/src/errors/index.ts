export type { ClassifyContext } from './classify-context.ts';
export { classifyMailError, type MailErrorClassification } from './classify-mail-error.ts';
export { MAIL_ERROR_CODES, type MailErrorCode } from './mail-error-codes.ts';

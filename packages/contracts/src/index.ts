export { ERROR_CODES, type ErrorCode, type FieldIssue } from './error-codes.ts';
export { normalizeCompanyIdentifier, normalizeMailboxCode } from './identifiers.ts';
export {
  POLL_JOB_OPTIONS,
  PollPop3Job,
  pollEveryMs,
  pollRepeatOf,
  pollSchedulerId,
  SEND_JOB_OPTIONS,
  SendMailJob,
  SettingsTestJob,
  SettingsTestStep,
  sendJobId,
  settingsTestJobId,
} from './jobs.ts';
export { buildLoggerOptions, LOG_REDACT_PATHS, redactUrl } from './logging.ts';
export { QUEUE_NAMES } from './queues.ts';
export {
  type AuthMethod,
  checkHost,
  checkServerEndpoint,
  type ServerEndpoint,
  type ServerRole,
  type TransportSecurity,
} from './server-endpoint.ts';

// Public API of @postwerk/mailcore. Anything not exported here is internal.

export {
  type ClassifyContext,
  classifyMailError,
  MAIL_ERROR_CODES,
  type MailErrorClassification,
  type MailErrorCode,
} from './errors/index.ts';
export {
  type DisplayHeader,
  type InboxAttachment,
  type InboxHeaders,
  type ListHeaders,
  parseInboxHeaders,
  parseListHeaders,
} from './mime/index.ts';
export * from './oauth/index.ts';
export {
  isPop3Error,
  type OpenPop3SessionOptions,
  openPop3Session,
  type Pop3Auth,
  type Pop3Capabilities,
  Pop3Client,
  type Pop3ClientOptions,
  Pop3Error,
  type Pop3ErrorCode,
  type Pop3ErrorDetails,
  type Pop3ListEntry,
  type Pop3Stage,
  type Pop3Stat,
  type Pop3UidlEntry,
} from './pop3/index.ts';
export {
  buildXoauth2String,
  decodeXoauth2Challenge,
  type Xoauth2Challenge,
} from './sasl/xoauth2.ts';
export {
  createSessionRedactor,
  type ProtocolDirection,
  REDACTED,
  type RedactLineContext,
  redactProtocolLine,
  type SessionLineHook,
  type SessionLineMeta,
} from './session-log/index.ts';
export {
  type MailSecurity,
  mailSecuritySchema,
  type TlsPassthroughOptions,
} from './shared/mail-security.ts';
export {
  type BuiltMessage,
  buildMessage,
  buildPoolKey,
  buildRelayMessage,
  createSmtpTransport,
  type MessageAddress,
  type MessageAttachment,
  type MessageInput,
  type RawMessage,
  type RelayMessageInput,
  type SendResult,
  type SmtpAuth,
  type SmtpTransport,
  type SmtpTransportOptions,
  SmtpTransportPool,
  sendRawMessage,
} from './smtp/index.ts';

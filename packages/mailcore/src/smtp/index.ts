export {
  type BuiltMessage,
  buildMessage,
  type MessageAddress,
  type MessageAttachment,
  type MessageInput,
} from './build-message.ts';
export { buildRelayMessage, type RelayMessageInput } from './relay-message.ts';
export type { SmtpAuth, SmtpSettings, SmtpTransportOptions } from './smtp-options.ts';
export {
  createSmtpTransport,
  type RawMessage,
  type SendResult,
  type SmtpTransport,
  sendRawMessage,
} from './smtp-transport.ts';
export { buildPoolKey, SmtpTransportPool } from './smtp-transport-pool.ts';

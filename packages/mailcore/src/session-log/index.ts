export {
  createSessionRedactor,
  type ProtocolDirection,
  REDACTED,
  type RedactLineContext,
  redactProtocolLine,
  type SessionLineHook,
  type SessionLineMeta,
} from './redact-protocol-line.ts';

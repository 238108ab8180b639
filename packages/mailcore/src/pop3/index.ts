export { Pop3Client } from './pop3-client.ts';
export {
  isPop3Error,
  Pop3Error,
  type Pop3ErrorCode,
  type Pop3ErrorDetails,
  type Pop3Stage,
} from './pop3-error.ts';
export type { Pop3ListEntry, Pop3Stat, Pop3UidlEntry } from './pop3-listing.ts';
export type { Pop3Auth, Pop3ClientOptions, Pop3Settings } from './pop3-options.ts';
export type { Pop3Capabilities } from './pop3-response.ts';
export { type OpenPop3SessionOptions, openPop3Session } from './pop3-session.ts';

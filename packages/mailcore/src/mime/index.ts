export { decodeEncodedWords, decodeHeaderValue } from './encoded-words.ts';
export { findHeader, type RawHeaderField, readHeaderBlock } from './header-block.ts';
export {
  type DisplayHeader,
  type InboxAttachment,
  type InboxHeaders,
  parseInboxHeaders,
} from './parse-inbox-headers.ts';
export { type ListHeaders, parseListHeaders } from './parse-list-headers.ts';

import { z } from 'zod';
import { Pop3Error } from './pop3-error.ts';

const messageNumber = z.coerce.number().int().positive();
const octets = z.coerce.number().int().nonnegative();
// RFC 1939 §7 allows 1–70 printable characters; a little leniency costs nothing here.
const uniqueId = z.string().regex(/^[\x21-\x7e]{1,512}$/);

const statSchema = z.tuple([octets, octets]).transform(([count, size]) => ({ count, size }));

const listEntrySchema = z
  .tuple([messageNumber, octets])
  .transform(([msgNumber, size]) => ({ msgNumber, size }));

const uidlEntrySchema = z
  .tuple([messageNumber, uniqueId])
  .transform(([msgNumber, uid]) => ({ msgNumber, uid }));

/** Result of STAT: number of messages and their total size in octets. */
export type Pop3Stat = z.output<typeof statSchema>;
/** One line of LIST: message number and size in octets. */
export type Pop3ListEntry = z.output<typeof listEntrySchema>;
/** One line of UIDL: message number and the server's unique id (RFC 1939 §7). */
export type Pop3UidlEntry = z.output<typeof uidlEntrySchema>;

/** Parses `+OK nn mm` of STAT (RFC 1939 §5). */
export function parseStat(text: string): Pop3Stat {
  return parseFields(statSchema, text, 'STAT');
}

/** Parses one LIST line, from the status line (`LIST n`) or the listing. */
export function parseListEntry(text: string): Pop3ListEntry {
  return parseFields(listEntrySchema, text, 'LIST');
}

/** Parses one UIDL line, from the status line (`UIDL n`) or the listing. */
export function parseUidlEntry(text: string): Pop3UidlEntry {
  return parseFields(uidlEntrySchema, text, 'UIDL');
}

function parseFields<T>(schema: z.ZodType<T>, text: string, command: string): T {
  // Servers may add text after the fields (RFC 1939 §5 for STAT), so take the first two.
  const fields = text.trim().split(/\s+/).slice(0, 2);
  const parsed = schema.safeParse(fields);
  if (!parsed.success) {
    const shown = JSON.stringify(text.slice(0, 80));
    throw new Pop3Error('POP3_PROTOCOL_ERROR', `unexpected ${command} response: ${shown}`, {
      stage: 'command',
      command,
    });
  }
  return parsed.data;
}

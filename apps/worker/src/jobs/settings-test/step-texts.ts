// German wording for the details of settings-test steps: plurals and sizes as the portal
// writes them ("1 Nachricht", "3,4 KB"), not "Nachricht(en)" and raw bytes.
// Known limit: the details are German in the English portal too; the worker writes them
// before anyone knows the reader's language.

const KIB = 1024;
const DE_NUMBER = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });

/** Where the test mail's subject takes its time from: the portal shows times in this zone. */
export const PORTAL_TIME_ZONE = 'Europe/Berlin';

/** "1 Nachricht, 512 Bytes", "3 Nachrichten, 3,4 KB". */
export function describeMailboxContents(count: number, bytes: number): string {
  const messages = count === 1 ? '1 Nachricht' : `${DE_NUMBER.format(count)} Nachrichten`;
  return `${messages}, ${formatSizeDe(bytes)}`;
}

/** "1 Byte", "512 Bytes", "3,4 KB", "1,2 MB": binary units, as mail tools use. */
export function formatSizeDe(bytes: number): string {
  if (bytes < KIB) {
    return bytes === 1 ? '1 Byte' : `${DE_NUMBER.format(bytes)} Bytes`;
  }
  if (bytes < KIB * KIB) {
    return `${DE_NUMBER.format(bytes / KIB)} KB`;
  }
  return `${DE_NUMBER.format(bytes / (KIB * KIB))} MB`;
}

/** Exact, with German grouping: "3.482 Bytes"; where a few bytes of difference matter. */
export function formatBytesDe(bytes: number): string {
  return `${new Intl.NumberFormat('de-DE').format(bytes)} ${bytes === 1 ? 'Byte' : 'Bytes'}`;
}

/** "04.12.2026, 09:12:05" in the portal's time zone, for the test mail's subject. */
export function formatLocalTime(date: Date): string {
  return date.toLocaleString('de-DE', {
    timeZone: PORTAL_TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
}

import type { useFormatter } from 'next-intl';

/** next-intl's number formatter, so sizes follow the user's language and its separators. */
type NumberFormatter = ReturnType<typeof useFormatter>['number'];

const KIB = 1024;

/** "512 Bytes", "3,4 KB", "1,2 MB" in the user's language; binary units, as mail tools use. */
export function formatSize(bytes: number, formatNumber: NumberFormatter): string {
  if (bytes < KIB) {
    return formatNumber(bytes, { style: 'unit', unit: 'byte', unitDisplay: 'long' });
  }
  if (bytes < KIB * KIB) {
    const value = bytes / KIB;
    return formatNumber(value, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 });
  }
  const value = bytes / (KIB * KIB);
  return formatNumber(value, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
}

/** "120 ms" below a second, "2,4 s" above. */
export function formatDuration(ms: number, formatNumber: NumberFormatter): string {
  if (ms < 1000) {
    return formatNumber(ms, { style: 'unit', unit: 'millisecond', maximumFractionDigits: 0 });
  }
  const seconds = ms / 1000;
  return formatNumber(seconds, { style: 'unit', unit: 'second', maximumFractionDigits: 1 });
}

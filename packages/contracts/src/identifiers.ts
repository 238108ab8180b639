// German umlauts are spelled out, because codes end up in e-mail local parts (relay
// addresses), where only ASCII is safe everywhere.
const TRANSLITERATIONS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** Firmenkennung: lowercase ASCII letters, digits and single hyphens, e.g. `bau-firma`. */
export function normalizeCompanyIdentifier(input: string): string {
  return transliterate(input.trim().toLowerCase())
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Mailbox code: uppercase ASCII letters, digits, `_` and `-`, e.g. `BECKER`, `INFO`. */
export function normalizeMailboxCode(input: string): string {
  return transliterate(input.trim().toLowerCase())
    .toUpperCase()
    .replace(/\s+/g, '_')
    .replace(/[^A-Z0-9_-]/g, '');
}

function transliterate(text: string): string {
  return text.replace(/[äöüß]/g, (char) => TRANSLITERATIONS[char] ?? char);
}

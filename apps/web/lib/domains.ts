/** Splits the domain box: commas, semicolons, spaces or new lines; empty parts dropped. */
export function parseDomains(text: string): string[] {
  const parts = text
    .split(/[\s,;]+/)
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part.length > 0);
  return [...new Set(parts)];
}

export function formatDomains(domains: readonly string[]): string {
  return domains.join('\n');
}

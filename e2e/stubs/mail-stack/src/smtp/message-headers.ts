/**
 * Just enough RFC 5322 header reading for the send-as check and the 250 reply: unfolded values
 * of one header field, from the header block of the raw message.
 */
export function readHeader(raw: Buffer, name: string): string[] {
  const text = headerBlock(raw);
  // Unfold continuation lines (RFC 5322 section 2.2.3) before splitting into fields.
  const fields = text.replace(/\r?\n[ \t]/g, ' ').split(/\r?\n/);
  const prefix = `${name.toLowerCase()}:`;
  return fields
    .filter((field) => field.toLowerCase().startsWith(prefix))
    .map((field) => field.slice(prefix.length).trim());
}

/**
 * Addresses of the From header: what is inside <...>, or bare tokens that contain "@".
 *
 * Known limit: comments and group syntax are not understood; a display name holding an
 * "@" without angle brackets around the address would be read as an address.
 */
export function readFromAddresses(raw: Buffer): string[] {
  const addresses: string[] = [];
  for (const value of readHeader(raw, 'from')) {
    const bracketed = [...value.matchAll(/<([^<>]+)>/g)].map((match) => match[1] ?? '');
    const bare = value.split(',').filter((part) => part.includes('@') && !part.includes('<'));
    addresses.push(...bracketed, ...bare.map((part) => part.trim()));
  }
  return addresses.map((address) => address.trim().toLowerCase()).filter(Boolean);
}

export function readMessageId(raw: Buffer): string | undefined {
  return readHeader(raw, 'message-id')[0];
}

function headerBlock(raw: Buffer): string {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const candidates = [crlf, lf].filter((index) => index >= 0);
  const end = candidates.length > 0 ? Math.min(...candidates) : Math.min(raw.length, 64 * 1024);
  return raw.subarray(0, end).toString('utf8');
}

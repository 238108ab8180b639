import {
  CompactSign,
  calculateJwkThumbprint,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  jwtVerify,
} from 'jose';

const ALG = 'RS256';
const MODULUS_BITS = 2048;
const PAD_CLAIM = 'stub_pad';

/** The stub's one signing key; made at start, like a rotated Microsoft key nobody cached. */
export interface SigningKey {
  kid: string;
  publicJwk: JWK;
  publicKeyPem: string;
  sign(claims: Record<string, unknown>, options?: SignOptions): Promise<string>;
  verify(token: string): Promise<JWTPayload>;
}

export interface SignOptions {
  /** Pad the compact JWT to at least this many characters with a filler claim. */
  padTo?: number;
}

export async function createSigningKey(): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(ALG, {
    modulusLength: MODULUS_BITS,
    extractable: true,
  });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  const header = { alg: ALG, typ: 'JWT', kid };

  return {
    kid,
    publicJwk: { kty: jwk.kty, use: 'sig', kid, n: jwk.n, e: jwk.e },
    publicKeyPem: await exportSPKI(publicKey),
    async sign(claims, options = {}) {
      const padded = options.padTo ? padClaims(claims, header, options.padTo) : claims;
      const payload = new TextEncoder().encode(JSON.stringify(padded));
      return new CompactSign(payload).setProtectedHeader(header).sign(privateKey);
    },
    async verify(token) {
      const { payload } = await jwtVerify(token, publicKey, { algorithms: [ALG], typ: 'JWT' });
      return payload;
    },
  };
}

/**
 * Adds a filler claim so the compact JWT reaches `padTo` characters, to test how 4 KB
 * tokens fare in SASL lines and database columns. The length is computed, not signed and
 * measured: header and signature sizes are fixed. Base64url can never end one character
 * past a 4-character group, so some targets are reached as `padTo + 1`.
 */
export function padClaims(
  claims: Record<string, unknown>,
  header: Record<string, string>,
  padTo: number,
): Record<string, unknown> {
  const signatureChars = base64urlLength(MODULUS_BITS / 8);
  const fixed = base64urlLength(byteLength(JSON.stringify(header))) + 2 + signatureChars;
  const lengthWith = (fill: number) =>
    fixed + base64urlLength(byteLength(JSON.stringify(withPad(claims, fill))));
  if (lengthWith(0) >= padTo) {
    return claims;
  }

  const unpadded = byteLength(JSON.stringify(claims));
  let fill = Math.max(0, Math.floor(((padTo - fixed) * 3) / 4) - unpadded - 16);
  while (lengthWith(fill) < padTo) {
    fill += 1;
  }
  return withPad(claims, fill);
}

function withPad(claims: Record<string, unknown>, fill: number): Record<string, unknown> {
  return { ...claims, [PAD_CLAIM]: 'x'.repeat(fill) };
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Unpadded base64url length of `bytes` bytes. */
function base64urlLength(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

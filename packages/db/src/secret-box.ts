import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// AES-256-GCM: authenticated, in node:crypto, no native add-on to build.
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const FORMAT_VERSION = 'v1';

/** What a secret is for and whose it is; bound into the ciphertext as associated data. */
export type SecretContext = { purpose: string; tenantId: string };

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

/**
 * Encrypts secrets at rest with a keyring. The first key encrypts; every key decrypts, and
 * each ciphertext names its key id, so keys rotate without downtime: add a new key in
 * front, re-encrypt at leisure (see `needsRotation`), then drop the old key.
 *
 * The context is authenticated too, so a ciphertext copied to another tenant's row or
 * used for another purpose fails to decrypt instead of leaking.
 */
export class SecretBox {
  readonly #keys: Map<string, Buffer>;
  readonly #activeKeyId: string;

  constructor(keyring: ReadonlyArray<{ id: string; key: Buffer }>) {
    const first = keyring[0];
    if (!first) {
      throw new SecretBoxError('the keyring holds no key');
    }
    for (const { id, key } of keyring) {
      if (key.length !== 32) {
        throw new SecretBoxError(`key ${id} must be 32 bytes, not ${key.length}`);
      }
      if (!/^[A-Za-z0-9_-]+$/.test(id)) {
        throw new SecretBoxError(`key id ${id} may only use letters, digits, - and _`);
      }
    }
    this.#keys = new Map(keyring.map(({ id, key }) => [id, key]));
    this.#activeKeyId = first.id;
  }

  encrypt(plaintext: string, context: SecretContext): string {
    const key = this.#keys.get(this.#activeKeyId) as Buffer;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv);
    cipher.setAAD(encodeContext(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [FORMAT_VERSION, this.#activeKeyId, b64(iv), b64(tag), b64(body)].join('.');
  }

  decrypt(sealed: string, context: SecretContext): string {
    const [version, keyId, iv, tag, body] = sealed.split('.');
    if (version !== FORMAT_VERSION || !keyId || !iv || !tag || body === undefined) {
      throw new SecretBoxError('not a sealed secret');
    }
    const key = this.#keys.get(keyId);
    if (!key) {
      throw new SecretBoxError(`no key with id ${keyId} in the keyring`);
    }
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(encodeContext(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      const plain = Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ]);
      return plain.toString('utf8');
    } catch (cause) {
      throw new SecretBoxError('secret failed authentication', { cause });
    }
  }

  /** True when the secret was sealed with a key other than the active one. */
  needsRotation(sealed: string): boolean {
    return sealed.split('.')[1] !== this.#activeKeyId;
  }
}

/**
 * Parses a keyring from `id:base64key,id:base64key` (the format of SECRETS_KEYRING).
 * Throws a message that names the broken entry, never the key material.
 */
export function parseKeyring(text: string): Array<{ id: string; key: Buffer }> {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const separator = entry.indexOf(':');
      if (separator < 1) {
        throw new SecretBoxError(`keyring entry ${index + 1} must look like id:base64key`);
      }
      const key = Buffer.from(entry.slice(separator + 1), 'base64');
      return { id: entry.slice(0, separator), key };
    });
}

function encodeContext(context: SecretContext): Buffer {
  return Buffer.from(`${context.purpose}\u0000${context.tenantId}`, 'utf8');
}

function b64(buffer: Buffer): string {
  return buffer.toString('base64url');
}

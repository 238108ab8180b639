import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseKeyring, SecretBox, SecretBoxError } from '../src/secret-box.ts';

const tenant = { purpose: 'server-password', tenantId: 'tenant-a' };
const oldKey = { id: 'k2025', key: randomBytes(32) };
const newKey = { id: 'k2026', key: randomBytes(32) };

describe('SecretBox', () => {
  it('round-trips a secret and never stores it in clear', () => {
    const box = new SecretBox([newKey]);
    const sealed = box.encrypt('Grüße§€-geheim', tenant);

    expect(sealed).not.toContain('geheim');
    expect(sealed.startsWith('v1.k2026.')).toBe(true);
    expect(box.decrypt(sealed, tenant)).toBe('Grüße§€-geheim');
  });

  it('refuses a ciphertext moved to another tenant or purpose', () => {
    const box = new SecretBox([newKey]);
    const sealed = box.encrypt('secret', tenant);

    expect(() => box.decrypt(sealed, { ...tenant, tenantId: 'tenant-b' })).toThrow(SecretBoxError);
    expect(() => box.decrypt(sealed, { ...tenant, purpose: 'refresh-token' })).toThrow(
      SecretBoxError,
    );
  });

  it('decrypts with an older key after rotation and reports that it needs re-encryption', () => {
    const sealedWithOld = new SecretBox([oldKey]).encrypt('secret', tenant);
    const rotated = new SecretBox([newKey, oldKey]);

    expect(rotated.decrypt(sealedWithOld, tenant)).toBe('secret');
    expect(rotated.needsRotation(sealedWithOld)).toBe(true);
    expect(rotated.needsRotation(rotated.encrypt('secret', tenant))).toBe(false);
  });

  it('detects a tampered ciphertext', () => {
    const box = new SecretBox([newKey]);
    const parts = box.encrypt('secret', tenant).split('.');
    const body = Buffer.from(parts[4] as string, 'base64url');
    body[0] = (body[0] as number) ^ 1;
    parts[4] = body.toString('base64url');

    expect(() => box.decrypt(parts.join('.'), tenant)).toThrow('secret failed authentication');
  });

  it('parses a keyring and names a malformed entry without echoing key material', () => {
    const text = `k1:${randomBytes(32).toString('base64')}, k2:${randomBytes(32).toString('base64')}`;
    expect(parseKeyring(text).map((k) => k.id)).toEqual(['k1', 'k2']);
    expect(() => parseKeyring('k1:abc,nonsense')).toThrow('keyring entry 2');
    expect(() => new SecretBox(parseKeyring('k1:c2hvcnQ='))).toThrow('must be 32 bytes');
  });
});

import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createSigningKey } from '../src/tokens/signing-key.ts';

describe('padAccessTokenTo', () => {
  it('reaches the target length exactly, or one more where base64url cannot stop', async () => {
    const key = await createSigningKey();
    const claims = { aud: 'https://outlook.office.com', name: 'Sabine Müller', scp: 'SMTP.Send' };
    const lengths: number[] = [];

    for (let target = 2000; target < 2012; target += 1) {
      const token = await key.sign(claims, { padTo: target });
      lengths.push(token.length - target);
      expect(decodeJwt(token)).toMatchObject(claims);
    }
    expect(lengths.every((extra) => extra === 0 || extra === 1)).toBe(true);
    expect(lengths.filter((extra) => extra === 0).length).toBeGreaterThanOrEqual(8);
  });

  it('leaves tokens alone that are already long enough', async () => {
    const key = await createSigningKey();
    const token = await key.sign({ sub: 'x' }, { padTo: 300 });

    expect(decodeJwt(token).stub_pad).toBeUndefined();
  });
});

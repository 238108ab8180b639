import { describe, expect, it } from 'vitest';
import { buildTestEnv } from './helpers/test-env.ts';

describe('DNS_SERVERS', () => {
  it('takes IP addresses with optional ports, comma-separated', () => {
    const env = buildTestEnv({ DNS_SERVERS: '127.0.0.1:5353, 192.0.2.53,[::1]:53' });

    expect(env.DNS_SERVERS).toEqual(['127.0.0.1:5353', '192.0.2.53', '[::1]:53']);
    expect(buildTestEnv().DNS_SERVERS).toEqual([]);
  });

  it('refuses host names, naming the variable', () => {
    expect(() => buildTestEnv({ DNS_SERVERS: 'dns.example:53' })).toThrow(/DNS_SERVERS/);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyClient } from './helpers/api-key-client.ts';
import { BrowserSession } from './helpers/browser-session.ts';
import { createTenantWithAdmin } from './helpers/fixtures.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

// The key is a bearer secret: whoever reads it from a log can send mail as the tenant.
describe('API key in the logs', () => {
  let t: TestApp;
  let admin: BrowserSession;
  let mailboxId: string;

  beforeAll(async () => {
    t = await createTestApp({ QUEUE_PREFIX: `test-${randomUUID()}` });
    const tenant = await createTenantWithAdmin(t.prisma);
    admin = await BrowserSession.signedIn(t.app, tenant.adminEmail, tenant.adminPassword);
    const created = await admin.request({
      method: 'POST',
      url: '/api/mailboxes',
      payload: {
        kind: 'PUBLIC',
        code: 'INFO',
        displayName: 'Info',
        externalAddress: `info-${randomUUID()}@bau-firma.de`,
      },
    });
    mailboxId = created.json().id;
  });
  afterAll(() => t.close());

  it('never writes the key to a log line, whether it is accepted, refused or revoked', async () => {
    const { client, id } = await ApiKeyClient.createdBy(t.app, admin);
    const secretPart = client.key.slice(13);
    const firstLine = t.logs.length;

    const accepted = await client.request({
      method: 'POST',
      url: `/api/mailboxes/${mailboxId}/messages`,
      payload: { to: ['kunde@example.com'], subject: 'Angebot', text: 'Guten Tag' },
    });
    expect(accepted.statusCode).toBe(202);
    const forbidden = await client.request({ method: 'GET', url: '/api/settings' });
    expect(forbidden.statusCode).toBe(403);
    const invalid = await t.app.inject({
      method: 'GET',
      url: `/api/mailboxes/${mailboxId}/inbox`,
      headers: { authorization: `Bearer ${client.key}-falsch` },
    });
    expect(invalid.statusCode).toBe(401);
    await admin.request({ method: 'DELETE', url: `/api/api-keys/${id}` });
    const revoked = await client.request({ method: 'GET', url: `/api/messages/${randomUUID()}` });
    expect(revoked.statusCode).toBe(401);

    const lines = t.logs.slice(firstLine);
    // The lines are there, with the key's id: the check below looks at real output.
    expect(lines.some((line) => line.includes(`"apiKeyId":"${id}"`))).toBe(true);
    expect(lines.some((line) => line.includes('API_KEY_INVALID'))).toBe(true);
    const leaking = t.logs.filter((line) => line.includes(secretPart));
    expect(leaking).toEqual([]);
  });

  it('blanks the Authorization header wherever a logged object carries it', () => {
    const before = t.logs.length;
    const authorization = `Bearer pwk_0123abcd_${'S'.repeat(43)}`;
    t.app.log.info({ req: { headers: { authorization } }, headers: { authorization } }, 'probe');
    const line = t.logs.slice(before).join('\n');
    expect(line).toContain('probe');
    expect(line).not.toContain('S'.repeat(43));
  });
});

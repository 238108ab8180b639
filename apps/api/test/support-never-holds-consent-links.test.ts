import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from './helpers/browser-session.ts';
import { createSupportUser } from './helpers/fixtures.ts';
import { createMicrosoftFixture, type MicrosoftFixture } from './helpers/microsoft-fixture.ts';

// A consent link's URL lets whoever holds it link any Microsoft account to the mailbox. A user
// test found support could create one after the step-up and read its URL.
describe('consent links while support impersonates', () => {
  let f: MicrosoftFixture;
  let mailboxId: string;

  beforeAll(async () => {
    f = await createMicrosoftFixture();
    mailboxId = await f.createMailbox('BECKER', 'becker@bau-firma.de');
  });
  afterAll(() => f.close());

  async function supportWithChangesAllowed(): Promise<BrowserSession> {
    const support = await createSupportUser(f.t.prisma);
    const session = await BrowserSession.signedIn(f.t.app, support.email, support.password);
    const started = await session.request({
      method: 'POST',
      url: '/api/support/impersonations',
      payload: { tenantId: f.tenant.tenantId, reason: 'Ticket 815', durationMinutes: 10 },
    });
    expect(started.statusCode).toBe(201);
    const stepUp = await session.request({
      method: 'POST',
      url: '/api/support/impersonations/current/step-up',
      payload: {},
    });
    expect(stepUp.statusCode).toBe(204);
    return session;
  }

  it('refuses to create a link for support, even after the step-up, and stores none', async () => {
    const session = await supportWithChangesAllowed();

    const refused = await session.request({
      method: 'POST',
      url: `/api/mailboxes/${mailboxId}/consent-links`,
    });

    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('IMPERSONATION_SECRET_FORBIDDEN');
    expect(refused.body).not.toMatch(/\/consent\//);
    expect(await f.t.prisma.consentLink.count({ where: { mailboxId } })).toBe(0);
  });

  it('lists the firm admin’s links to support without their URL', async () => {
    const created = await f.admin.request({
      method: 'POST',
      url: `/api/mailboxes/${mailboxId}/consent-links`,
    });
    expect(created.statusCode).toBe(201);
    const url = created.json().url as string;
    const token = new URL(url).pathname.split('/').pop() as string;
    const session = await supportWithChangesAllowed();

    const listed = await session.request({
      method: 'GET',
      url: `/api/mailboxes/${mailboxId}/consent-links`,
    });

    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toHaveLength(1);
    expect(listed.body).not.toContain(token);
  });
});

import type { FastifyInstance } from 'fastify';
import type { BrowserSession } from './browser-session.ts';

export const STUB_PASSWORD = 'Postwerk-Demo-1';

/**
 * Plays the browser's part of the Microsoft redirect flow: follows the API's redirect to the
 * stand-in, signs in, answers the consent page, and returns the callback URL the stand-in
 * sends the browser to (not yet opened, so a test can replay or tamper with it).
 */
export async function signInAtStandIn(
  authorizeUrl: string,
  email: string,
  action: 'accept' | 'cancel' = 'accept',
): Promise<URL> {
  const origin = new URL(authorizeUrl).origin;
  const signInPage = await fetch(authorizeUrl, { redirect: 'manual' });
  const signInHtml = await signInPage.text();
  if (signInPage.status !== 200) {
    return new URL(signInPage.headers.get('location') ?? 'about:blank');
  }
  const consentPage = await postForm(`${origin}${formAction(signInHtml)}`, {
    ctx: hiddenField(signInHtml, 'ctx'),
    login: email,
    passwd: STUB_PASSWORD,
  });
  const consentHtml = await consentPage.text();
  if (consentPage.status === 302) {
    return new URL(consentPage.headers.get('location') as string);
  }
  const done = await postForm(`${origin}${formAction(consentHtml)}`, {
    ctx: hiddenField(consentHtml, 'ctx'),
    action,
  });
  return new URL(done.headers.get('location') as string);
}

/** Starts the link flow as the signed-in admin; returns the authorize URL. */
export async function startLink(session: BrowserSession, mailboxId: string): Promise<string> {
  const response = await session.request({
    method: 'GET',
    url: `/api/mailboxes/${mailboxId}/microsoft/start`,
  });
  if (response.statusCode !== 302) {
    throw new Error(`start answered ${response.statusCode}: ${response.body}`);
  }
  return response.headers.location as string;
}

/** Opens the callback URL at the API, with the session's cookies when one is given. */
export async function openCallback(
  app: FastifyInstance,
  callback: URL,
  session?: BrowserSession,
): Promise<URL> {
  const url = `${callback.pathname}${callback.search}`;
  const response = session
    ? await session.request({ method: 'GET', url })
    : await app.inject({ method: 'GET', url });
  if (response.statusCode !== 302) {
    throw new Error(`callback answered ${response.statusCode}: ${response.body}`);
  }
  return new URL(response.headers.location as string);
}

function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

function hiddenField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) {
    throw new Error(`no hidden field ${name} in page: ${html.slice(0, 300)}`);
  }
  return match[1];
}

function formAction(html: string): string {
  const match = /<form method="post" action="([^"]+)"/.exec(html);
  if (!match?.[1]) {
    throw new Error(`no form in page: ${html.slice(0, 300)}`);
  }
  return match[1].replaceAll('&amp;', '&');
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { AccountSwitches, MailStackControls } from './controls.ts';
import type { FullAccessGrants } from './dovecot/full-access.ts';
import type { MaildirStore } from './maildir.ts';
import type { MailSink, SinkMessage } from './sink.ts';

const MAX_BODY_BYTES = 50 * 1024 * 1024;
const SWITCH_NAMES = ['smtpAuthDisabled', 'sendAsDenied', 'throttled'] as const;

export interface ControlContext {
  controls: MailStackControls;
  fullAccess: FullAccessGrants;
  sink: MailSink;
  maildirs: MaildirStore;
  log: Logger;
}

type Route = (request: http.IncomingMessage, body: Buffer, param: string) => Promise<unknown>;

/**
 * HTTP access to the same switches, sink and Maildirs for tests that run in another process
 * (Playwright, the demo). Listens on 127.0.0.1 only and has no authentication: test use only.
 */
export async function startControlServer(context: ControlContext, port: number) {
  const routes = buildRoutes(context);
  const server = http.createServer((request, response) => {
    handle(routes, request, response).catch((error: Error) => {
      context.log.warn({ err: error, url: request.url }, 'control request failed');
      send(response, 500, { error: error.message });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port: (server.address() as AddressInfo).port, close };
}

function buildRoutes(context: ControlContext): Record<string, Route> {
  const { controls, fullAccess, sink, maildirs } = context;
  const state = () => ({ ...controls.snapshot(), fullAccess: fullAccess.snapshot() });
  return {
    'GET /_control/health': async () => ({ ok: true }),
    'GET /_control/state': async () => state(),
    'POST /_control/reset': async () => {
      controls.reset();
      await fullAccess.reset();
      return state();
    },
    'POST /_control/accounts/:email': async (_request, body, email) => {
      return controls.set(email, readSwitches(body));
    },
    'POST /_control/send-as': async (_request, body) => {
      const { address, sender, allowed } = JSON.parse(body.toString('utf8') || '{}');
      if (typeof address !== 'string' || typeof sender !== 'string') {
        throw new BadRequestError('body needs "address" and "sender"');
      }
      if (allowed === false) {
        controls.revokeSendAs(address, sender);
      } else {
        controls.allowSendAs(address, sender);
      }
      return controls.snapshot().sendAs;
    },
    'POST /_control/full-access': async (_request, body) => {
      const { mailbox, account, allowed } = JSON.parse(body.toString('utf8') || '{}');
      if (typeof mailbox !== 'string' || typeof account !== 'string') {
        throw new BadRequestError('body needs "mailbox" and "account"');
      }
      if (allowed === false) {
        await fullAccess.revoke(mailbox, account);
      } else {
        await fullAccess.allow(mailbox, account);
      }
      return fullAccess.snapshot();
    },
    'GET /_control/sink': async () => ({ total: sink.total, messages: sink.messages.map(toJson) }),
    'DELETE /_control/sink': async () => {
      sink.clear();
      return { total: 0 };
    },
    'POST /_control/maildir/:email': async (_request, body, email) => {
      const entry = await maildirs.deliver(email, body);
      return { folder: entry.folder, name: entry.name };
    },
    'GET /_control/maildir/:email': async (_request, _body, email) => {
      const entries = await maildirs.list(email);
      return entries.map((entry) => ({
        folder: entry.folder,
        name: entry.name,
        rawBase64: entry.bytes.toString('base64'),
      }));
    },
  };
}

async function handle(
  routes: Record<string, Route>,
  request: http.IncomingMessage,
  response: http.ServerResponse,
) {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const match = /^(\/_control\/(?:accounts|maildir))\/([^/]+)$/.exec(url.pathname);
  const key = match ? `${request.method} ${match[1]}/:email` : `${request.method} ${url.pathname}`;
  const route = routes[key];
  if (!route) {
    return send(response, 404, { error: `no route ${request.method} ${url.pathname}` });
  }

  try {
    const body = await readBody(request);
    const result = await route(request, body, decodeURIComponent(match?.[2] ?? ''));
    send(response, 200, result);
  } catch (error) {
    if (error instanceof BadRequestError || error instanceof SyntaxError) {
      return send(response, 400, { error: error.message });
    }
    throw error;
  }
}

function readSwitches(body: Buffer): Partial<AccountSwitches> {
  const input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
  const switches: Partial<AccountSwitches> = {};
  for (const name of SWITCH_NAMES) {
    if (typeof input[name] === 'boolean') {
      switches[name] = input[name];
    }
  }
  return switches;
}

function toJson(message: SinkMessage) {
  const { raw, ...rest } = message;
  return { ...rest, rawBase64: raw.toString('base64') };
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new BadRequestError('body too large');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(response: http.ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) {
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

class BadRequestError extends Error {}

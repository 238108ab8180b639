import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { BrowserSession } from './browser-session.ts';

/** Anything that sends requests to the app as one caller: a browser session or an API key. */
export type Caller = Pick<BrowserSession, 'request'>;

/** Other vendor software over `app.inject()`: an API key in the Authorization header, no cookie. */
export class ApiKeyClient implements Caller {
  constructor(
    private readonly app: FastifyInstance,
    readonly key: string,
  ) {}

  /** Creates a key as the given firm admin and returns a client that uses it. */
  static async createdBy(app: FastifyInstance, admin: BrowserSession, name = 'Warenwirtschaft') {
    const response = await admin.request({
      method: 'POST',
      url: '/api/api-keys',
      payload: { name },
    });
    if (response.statusCode !== 201) {
      throw new Error(`creating the key failed: ${response.statusCode} ${response.body}`);
    }
    const created = response.json() as { id: string; key: string; prefix: string };
    return { client: new ApiKeyClient(app, created.key), id: created.id, prefix: created.prefix };
  }

  request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const headers = { ...(options.headers as Record<string, string>) };
    headers.authorization = `Bearer ${this.key}`;
    return this.app.inject({ ...options, headers });
  }
}

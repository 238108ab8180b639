import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

/**
 * A cookie jar plus CSRF token over `app.inject()`, behaving like the portal in a browser:
 * it fetches a CSRF token first and sends it on every state-changing request.
 */
export class BrowserSession {
  readonly cookies = new Map<string, string>();
  csrfToken = '';

  constructor(private readonly app: FastifyInstance) {}

  static async signedIn(app: FastifyInstance, email: string, password: string) {
    const session = new BrowserSession(app);
    await session.start();
    const response = await session.request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password },
    });
    if (response.statusCode !== 200) {
      throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
    }
    return session;
  }

  async start(): Promise<void> {
    const response = await this.request({ method: 'GET', url: '/api/auth/session' });
    this.csrfToken = response.json().csrfToken;
  }

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(options.headers as Record<string, string>) };
    if (this.cookies.size) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    if (options.method && options.method !== 'GET' && this.csrfToken) {
      headers['x-csrf-token'] = this.csrfToken;
    }
    const response = await this.app.inject({ ...options, headers });
    for (const cookie of response.cookies) {
      this.cookies.set(cookie.name, cookie.value);
    }
    const token = tryJson(response.body)?.csrfToken;
    if (typeof token === 'string') {
      this.csrfToken = token;
    }
    return response;
  }
}

function tryJson(body: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

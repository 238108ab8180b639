import type { AddressInfo } from 'node:net';
import { createIdentityStub } from './app.ts';
import type { IdentityStubOptions } from './options.ts';
import type { StubControls } from './state/controls.ts';

export type StartIdentityStubOptions = IdentityStubOptions & {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: an ephemeral port, so parallel test files never collide. */
  port?: number;
};

export interface RunningIdentityStub {
  /** Where the stub listens, e.g. `http://127.0.0.1:4011`. */
  url: string;
  close(): Promise<void>;
  controls: StubControls;
}

/** Builds the stub and listens. Without `issuerBaseUrl`, the listen URL becomes the issuer. */
export async function startIdentityStub(
  options: StartIdentityStubOptions = {},
): Promise<RunningIdentityStub> {
  const { host = '127.0.0.1', port = 0, ...stubOptions } = options;
  const { app, controls, ctx } = await createIdentityStub(stubOptions);
  await app.listen({ host, port });

  const { port: boundPort } = app.server.address() as AddressInfo;
  const url = `http://${formatHost(host)}:${boundPort}`;
  ctx.publicBaseUrl ??= url;
  return { url, close: () => app.close(), controls };
}

// A wildcard address is where the stub listens, not where anyone can reach it.
function formatHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') {
    return '127.0.0.1';
  }
  return host.includes(':') ? `[${host}]` : host;
}

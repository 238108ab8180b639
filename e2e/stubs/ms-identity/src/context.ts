import type { FastifyRequest } from 'fastify';
import type { IdentityStubConfig, StubClient, StubUser } from './options.ts';
import type { StubStore } from './state/store.ts';
import type { TenantDirectory } from './tenants.ts';
import type { SigningKey } from './tokens/signing-key.ts';

/** What every route and flow of one stub instance shares. */
export interface StubContext {
  config: IdentityStubConfig;
  key: SigningKey;
  store: StubStore;
  tenants: TenantDirectory;
  /** Configured base URL, or the listen address once known; else taken from the Host. */
  publicBaseUrl?: string;
}

export function resolveBaseUrl(ctx: StubContext, request: FastifyRequest): string {
  return ctx.publicBaseUrl ?? `${request.protocol}://${request.host}`;
}

export function findClient(ctx: StubContext, clientId: string | undefined): StubClient | undefined {
  return ctx.config.clients.find((client) => client.clientId === clientId);
}

/** Sign-in names are case-insensitive, as in Entra ID. */
export function findUser(ctx: StubContext, email: string | undefined): StubUser | undefined {
  const wanted = email?.trim().toLowerCase();
  return ctx.config.users.find((user) => user.email.toLowerCase() === wanted);
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

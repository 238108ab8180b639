export { buildIdentityStub, type IdentityStub } from './app.ts';
export {
  ANDERER_MANDANT_TID,
  BAU_FIRMA_TID,
  CONSUMERS_TID,
  DEFAULT_CLIENT,
  DEFAULT_PASSWORD,
  DEFAULT_TEST_USERS,
} from './defaults.ts';
export type { AadErrorBody } from './errors/aad-error.ts';
export { INJECTABLE_CODES, type InjectableCode } from './errors/aadsts-catalog.ts';
export type { IdentityStubOptions, StubClient, StubUser } from './options.ts';
export {
  type RunningIdentityStub,
  type StartIdentityStubOptions,
  startIdentityStub,
} from './start.ts';
export type { FailNextOptions, StubControls } from './state/controls.ts';
export type { AdminConsent, FailurePoint, StubStats } from './state/store.ts';
export { redeemRefreshToken } from './test-client.ts';
export type { IntrospectionResult } from './tokens/introspect.ts';
export type { TokenResponse } from './tokens/issue-tokens.ts';

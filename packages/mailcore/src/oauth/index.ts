export {
  type AadstsGuidance,
  adminConsentSentence,
  GUIDED_AADSTS_CODES,
  type GuidanceOptions,
  guidanceForAadsts,
  guidanceForStoredCode,
  parseAadstsCodes,
} from './aadsts.ts';
export {
  type AuthorizeUrlOptions,
  buildAuthorizeUrl,
  createPkcePair,
  exchangeAuthCode,
  MicrosoftIdentityError,
  refreshAccessToken,
  type TokenSet,
} from './identity-client.ts';
export {
  ADMIN_CONSENT_STATE,
  buildAdminConsentUrl,
  expectedIdTokenIssuer,
  MICROSOFT_SCOPES,
  type MicrosoftIdentityConfig,
  microsoftEndpoints,
} from './microsoft-config.ts';
export {
  ACCESS_TOKEN_MARGIN_MS,
  type GetAccessTokenOptions,
  MicrosoftLinkDeadError,
  MicrosoftLinkMissingError,
  MicrosoftTokenService,
  type TokenServiceOptions,
} from './token-service.ts';
export type { MicrosoftTokenStore, SaveTokensInput, StoredMicrosoftLink } from './token-store.ts';

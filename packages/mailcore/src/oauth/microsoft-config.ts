/** Scopes Postwerk asks for: SMTP send and POP3 access, plus a refresh token and identity. */
export const MICROSOFT_SCOPES = [
  'https://outlook.office.com/SMTP.Send',
  'https://outlook.office.com/POP.AccessAsUser.All',
  'offline_access',
  'openid',
  'email',
  'profile',
] as const;

/**
 * Where and as whom Postwerk talks to the Microsoft identity platform. The same values must
 * reach web, API and worker: a refresh token issued through one authority (tenant) cannot be
 * redeemed through another.
 */
export type MicrosoftIdentityConfig = {
  /** `https://login.microsoftonline.com`, or the local stand-in's URL. */
  authorityUrl: string;
  /** `organizations`, `common`, or a tenant id / verified domain. */
  tenant: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
};

/** The v2 endpoints of the configured authority (`/{tenant}/oauth2/v2.0/...`). */
export function microsoftEndpoints(config: MicrosoftIdentityConfig) {
  const base = `${config.authorityUrl.replace(/\/$/, '')}/${encodeURIComponent(config.tenant)}`;
  return {
    authorize: `${base}/oauth2/v2.0/authorize`,
    token: `${base}/oauth2/v2.0/token`,
    keys: `${base}/discovery/v2.0/keys`,
  };
}

/** The issuer Microsoft puts in ID tokens for an account of tenant `tid`. */
export function expectedIdTokenIssuer(config: MicrosoftIdentityConfig, tid: string): string {
  return `${config.authorityUrl.replace(/\/$/, '')}/${tid}/v2.0`;
}

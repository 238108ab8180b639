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

/**
 * The state Postwerk sends with the admin-consent link. Microsoft's answer to that link
 * carries no code, only `admin_consent=True` or an error, so the callback tells it apart by
 * this fixed value. Nothing is stored or changed on the way back, so it needs no secret.
 */
export const ADMIN_CONSENT_STATE = 'admin-consent';

/**
 * The admin-consent link of the Microsoft identity platform v2
 * (`{authority}/{tenant}/v2.0/adminconsent`): a Microsoft 365 administrator opens it, signs
 * in and consents to Postwerk's scopes for the whole organisation. Microsoft refuses
 * `common` there (a personal account has no organisation to consent for), so `common`
 * becomes `organizations`; a tenant id or domain stays as configured.
 */
export function buildAdminConsentUrl(config: MicrosoftIdentityConfig): string {
  const tenant = config.tenant.toLowerCase() === 'common' ? 'organizations' : config.tenant;
  const authority = config.authorityUrl.replace(/\/$/, '');
  const url = new URL(`${authority}/${encodeURIComponent(tenant)}/v2.0/adminconsent`);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    scope: MICROSOFT_SCOPES.join(' '),
    redirect_uri: config.redirectUri,
    state: ADMIN_CONSENT_STATE,
  }).toString();
  return url.toString();
}

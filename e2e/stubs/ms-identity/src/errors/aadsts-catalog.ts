/** Values filled into an error text; unknown ones print as `unknown`. */
export type AadParams = Record<string, string | undefined>;

/** How one AADSTS code looks on the wire. */
export interface AadstsEntry {
  /** OAuth `error` value in token endpoint bodies. */
  error: string;
  /** `error` value when the code comes back in a redirect from /authorize, if different. */
  redirectError?: string;
  /** Microsoft's extra hint for MSAL, e.g. `consent_required` or `basic_action`. */
  suberror?: string;
  status?: 400 | 401;
  message: (params: AadParams) => string;
}

const v = (params: AadParams, key: string): string => params[key] ?? 'unknown';

// Texts follow the wording of Microsoft's public error responses; the `error` values for
// 65001, 50076, 50173, 700082 and 50194 match bodies Microsoft returned in public issue
// threads (invalid_grant with a suberror, and invalid_request for 50194).
export const AADSTS = {
  28000: {
    error: 'invalid_scope',
    message: (p) =>
      'Provided value for the input parameter scope is not valid because it contains more ' +
      `than one resource. Scope ${v(p, 'scope')} is not valid.`,
  },
  50011: {
    error: 'invalid_request',
    message: (p) =>
      `The redirect URI '${v(p, 'redirectUri')}' specified in the request does not match the ` +
      `redirect URIs configured for the application '${v(p, 'clientId')}'. Make sure the ` +
      'redirect URI sent in the request matches one added to your application.',
  },
  50020: {
    error: 'invalid_request',
    message: (p) =>
      `User account '${v(p, 'email')}' from identity provider ` +
      `'https://sts.windows.net/${v(p, 'userTid')}/' does not exist in tenant ` +
      `'${v(p, 'tenant')}' and cannot access the application '${v(p, 'clientId')}'` +
      `(${v(p, 'appName')}) in that tenant. The account needs to be added as an external ` +
      'user in the tenant first. Sign out and sign in again with a different user account.',
  },
  50058: {
    error: 'login_required',
    message: () => 'A silent sign-in request was sent but no user is signed in.',
  },
  50076: {
    error: 'invalid_grant',
    redirectError: 'interaction_required',
    suberror: 'basic_action',
    message: (p) =>
      'Due to a configuration change made by your administrator, or because you moved to a ' +
      'new location, you must use multi-factor authentication to access ' +
      `'${v(p, 'resource')}'.`,
  },
  50089: {
    error: 'invalid_request',
    message: () => 'Authentication failed due to flow token expired. Please sign in again.',
  },
  50126: {
    error: 'invalid_grant',
    message: () => 'Error validating credentials due to invalid username or password.',
  },
  50173: {
    error: 'invalid_grant',
    message: (p) =>
      'The provided grant has expired due to it being revoked, a fresh auth token is needed. ' +
      'The user might have changed or reset their password. The grant was issued on ' +
      `'${v(p, 'issuedAt')}' and the TokensValidFrom date (before which tokens are not ` +
      `valid) for this user is '${v(p, 'validFrom')}'.`,
  },
  50194: {
    error: 'invalid_request',
    message: (p) =>
      `Application '${v(p, 'clientId')}'(${v(p, 'appName')}) is not configured as a ` +
      'multi-tenant application. Usage of the /common endpoint is not supported for such ' +
      "applications created after '10/15/2018'. Use a tenant-specific endpoint or configure " +
      'the application to be multi-tenant.',
  },
  54005: {
    error: 'invalid_grant',
    message: () =>
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or ' +
      'use an existing refresh token.',
  },
  65001: {
    error: 'invalid_grant',
    redirectError: 'consent_required',
    suberror: 'consent_required',
    message: (p) =>
      'The user or administrator has not consented to use the application with ID ' +
      `'${v(p, 'clientId')}' named '${v(p, 'appName')}'. Send an interactive authorization ` +
      'request for this user and resource.',
  },
  65004: {
    error: 'access_denied',
    message: () => 'User declined to consent to access the app.',
  },
  70000: {
    error: 'invalid_grant',
    message: (p) =>
      p.param === 'code'
        ? "The provided value for the 'code' parameter is not valid."
        : "The provided value for the input parameter 'refresh_token' or 'assertion' is not " +
          'valid.',
  },
  70003: {
    error: 'unsupported_grant_type',
    message: (p) => `The app requested an unsupported grant type '${v(p, 'grantType')}'.`,
  },
  70008: {
    error: 'invalid_grant',
    message: () =>
      'The provided authorization code or refresh token has expired due to inactivity. Send ' +
      'a new interactive authorization request for this user and resource.',
  },
  70011: {
    error: 'invalid_scope',
    message: (p) =>
      "The provided request must include a 'scope' input parameter. The provided value for " +
      `the input parameter 'scope' is not valid. The scope '${v(p, 'scope')}' is not valid.`,
  },
  90002: {
    error: 'invalid_request',
    message: (p) =>
      `Tenant '${v(p, 'tenant')}' not found. Check to make sure you have the correct tenant ` +
      'ID and are signing into the correct cloud.',
  },
  90094: {
    error: 'invalid_grant',
    redirectError: 'consent_required',
    suberror: 'consent_required',
    message: () => 'The grant requires admin permission.',
  },
  500112: {
    error: 'invalid_grant',
    message: (p) =>
      `The reply address '${v(p, 'got')}' does not match the reply address ` +
      `'${v(p, 'expected')}' provided when requesting Authorization code.`,
  },
  501481: {
    error: 'invalid_grant',
    message: () =>
      'The Code_Verifier does not match the code_challenge supplied in the authorization ' +
      'request.',
  },
  501491: {
    error: 'invalid_request',
    message: () => 'Invalid size of Code_Challenge parameter.',
  },
  700016: {
    error: 'unauthorized_client',
    message: (p) =>
      `Application with identifier '${v(p, 'clientId')}' was not found in the directory ` +
      `'${v(p, 'tenant')}'. This can happen if the application has not been installed by ` +
      'the administrator of the tenant or consented to by any user in the tenant. You may ' +
      'have sent your authentication request to the wrong tenant.',
  },
  700054: {
    error: 'unsupported_response_type',
    message: (p) => `response_type '${v(p, 'responseType')}' is not enabled for the application.`,
  },
  700082: {
    error: 'invalid_grant',
    message: (p) =>
      'The refresh token has expired due to inactivity. The token was issued on ' +
      `${v(p, 'issuedAt')} and was inactive for 90.00:00:00.`,
  },
  900144: {
    error: 'invalid_request',
    message: (p) => `The request body must contain the following parameter: '${v(p, 'param')}'.`,
  },
  7000215: {
    error: 'invalid_client',
    status: 401,
    message: (p) =>
      'Invalid client secret provided. Ensure the secret being sent in the request is the ' +
      `client secret value, not the client secret ID, for a secret added to app ` +
      `'${v(p, 'clientId')}'.`,
  },
  7000218: {
    error: 'invalid_client',
    status: 401,
    message: () =>
      "The request body must contain the following parameter: 'client_assertion' or " +
      "'client_secret'.",
  },
  9002313: {
    error: 'invalid_grant',
    message: () => 'Invalid request. Request is malformed or invalid.',
  },
} satisfies Record<number, AadstsEntry>;

export type AadstsCode = keyof typeof AADSTS;

/** The codes tests can inject with `failNext`. */
export const INJECTABLE_CODES = [65001, 90094, 50076, 70008, 700082, 50173, 50194] as const;

export type InjectableCode = (typeof INJECTABLE_CODES)[number];

export function lookupAadsts(code: AadstsCode): AadstsEntry {
  return AADSTS[code];
}

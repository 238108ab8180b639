// The callback sends why a Microsoft sign-in failed as `reason`: an AADSTS code from
// Microsoft's error_description, the OAuth2 `error` when there was no code, or one of the
// API's own checks (STATE_*, ID_TOKEN_INVALID, ...). Several name the same cause, so they
// are folded onto one message key here.

const ALIASES: Record<string, string> = {
  // Microsoft sends "access_denied" with AADSTS65004 when the user clicks "Abbrechen".
  access_denied: 'AADSTS65004',
  consent_required: 'AADSTS65001',
  interaction_required: 'AADSTS50076',
  STATE_MISSING: 'STATE_UNKNOWN',
  CODE_MISSING: 'TOKEN_EXCHANGE_FAILED',
  TOKEN_REPLY_INCOMPLETE: 'TOKEN_EXCHANGE_FAILED',
};

/** Reasons have only letters, digits and underscores; anything else is not ours to show. */
const REASON_PATTERN = /^[A-Za-z0-9_]{1,60}$/;

/** The message key for a reason from the callback URL, or 'fallback'. */
export function toReasonKey(reason: string | undefined, known: (key: string) => boolean): string {
  if (!reason || !REASON_PATTERN.test(reason)) {
    return 'fallback';
  }
  const key = ALIASES[reason] ?? reason;
  return known(key) ? key : 'fallback';
}

// Only a Microsoft 365 administrator can cure these: the portal shows the admin-consent link.
const ADMIN_CONSENT_CODES = new Set(['AADSTS65001', 'AADSTS90094']);

/** Whether a reason or dead-link code (or its message key) calls for the admin-consent link. */
export function needsAdminConsent(codeOrKey: string | null | undefined): boolean {
  return ADMIN_CONSENT_CODES.has(ALIASES[codeOrKey ?? ''] ?? codeOrKey ?? '');
}

/** The message key of a dead link's code (`microsoftLinkDead.*`), or 'fallback'. */
export function toDeadLinkKey(
  code: string | null | undefined,
  known: (key: string) => boolean,
): string {
  return code && REASON_PATTERN.test(code) && known(code) ? code : 'fallback';
}

/** The reason as it may be shown to the user (for support), or undefined when unusable. */
export function toShownCode(reason: string | undefined): string | undefined {
  return reason && REASON_PATTERN.test(reason) ? reason : undefined;
}

/** First value of a search parameter that Next.js may hand over as a string or an array. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

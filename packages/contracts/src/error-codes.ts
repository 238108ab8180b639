/**
 * Every error code the API can answer with, its HTTP status, and whether its message is
 * safe to show to clients. A code keeps its meaning once shipped and is never reused.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, expose: true },
  REQUEST_BODY_INVALID: { status: 400, expose: true },
  REQUEST_BODY_TOO_LARGE: { status: 413, expose: true },
  REQUEST_MEDIA_TYPE_UNSUPPORTED: { status: 415, expose: true },
  AUTH_REQUIRED: { status: 401, expose: true },
  AUTH_INVALID_CREDENTIALS: { status: 401, expose: true },
  AUTH_FORBIDDEN: { status: 403, expose: true },
  AUTH_CSRF_INVALID: { status: 403, expose: true },
  AUTH_RATE_LIMITED: { status: 429, expose: true },
  AUTH_STATE_MISMATCH: { status: 400, expose: true },
  NOT_FOUND: { status: 404, expose: true },
  COMPANY_NOT_FOUND: { status: 404, expose: true },
  COMPANY_NAME_TAKEN: { status: 409, expose: true },
  COMPANY_DOMAIN_TAKEN: { status: 409, expose: true },
  MAILBOX_NOT_FOUND: { status: 404, expose: true },
  MAILBOX_CODE_TAKEN: { status: 409, expose: true },
  MAILBOX_ADDRESS_TAKEN: { status: 409, expose: true },
  SERVER_NOT_FOUND: { status: 404, expose: true },
  SERVER_NAME_TAKEN: { status: 409, expose: true },
  SERVER_IN_USE: { status: 409, expose: true },
  MESSAGE_NOT_FOUND: { status: 404, expose: true },
  MESSAGE_INVALID: { status: 400, expose: true },
  IDEMPOTENCY_KEY_REUSED: { status: 409, expose: true },
  MAILBOX_NOT_READY: { status: 409, expose: true },
  TEST_NOT_FOUND: { status: 404, expose: true },
  SESSION_LOG_NOT_FOUND: { status: 404, expose: true },
  SERVICE_UNAVAILABLE: { status: 503, expose: true },
  TENANT_NOT_FOUND: { status: 404, expose: true },
  IMPERSONATION_READ_ONLY: { status: 403, expose: true },
  IMPERSONATION_EXPIRED: { status: 403, expose: true },
  IMPERSONATION_ACTIVE: { status: 409, expose: true },
  IMPERSONATION_NOT_ACTIVE: { status: 409, expose: true },
  IMPERSONATION_SECRET_FORBIDDEN: { status: 403, expose: true },
  SUPPORT_APPROVAL_REQUIRED: { status: 403, expose: true },
  ACCESS_REQUEST_NOT_FOUND: { status: 404, expose: true },
  ACCESS_REQUEST_DECIDED: { status: 409, expose: true },
  API_KEY_INVALID: { status: 401, expose: true },
  API_KEY_ROUTE_FORBIDDEN: { status: 403, expose: true },
  API_KEY_RATE_LIMITED: { status: 429, expose: true },
  API_KEY_NOT_FOUND: { status: 404, expose: true },
  INTERNAL: { status: 500, expose: false },
} as const satisfies Record<string, { status: number; expose: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem with one input field, in the shape the portal shows next to that field. */
export type FieldIssue = {
  /** Dotted path of the field, e.g. `port`. */
  path: string;
  /** Machine-readable reason, e.g. `PORT_SECURITY_MISMATCH`. */
  code: string;
  /** German sentence saying what to fix; clients with texts of their own translate by code. */
  message: string;
  /** Values the sentence names, for clients that word it themselves, e.g. `{ maximum: 100 }`. */
  params?: Record<string, string | number>;
};

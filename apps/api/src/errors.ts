import { ERROR_CODES, type ErrorCode, type FieldIssue } from '@postwerk/contracts';

export type AppErrorOptions = {
  cause?: unknown;
  /** Field problems shown next to the inputs they concern. */
  fields?: FieldIssue[];
  details?: Record<string, unknown>;
};

/** The one error type of the API; its code decides status and exposure (see ERROR_CODES). */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly fields: FieldIssue[];
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.fields = options.fields ?? [];
    this.details = options.details ?? {};
  }

  get statusCode(): number {
    return ERROR_CODES[this.code].status;
  }

  get isExposed(): boolean {
    return ERROR_CODES[this.code].expose;
  }
}

/** Shorthand for the common "one field is wrong" case. */
export function fieldError(code: ErrorCode, issue: FieldIssue): AppError {
  return new AppError(code, issue.message, { fields: [issue] });
}

import { ApiError } from './api-client';
import type { FieldIssue } from './api-types';

export type FormErrors = {
  /** Field name → the problem in the portal's language, shown next to that field. */
  fields: Record<string, string>;
  /** Shown at the top of the form when no field matches. */
  form?: string;
};

export const NO_ERRORS: FormErrors = { fields: {} };

/**
 * Sorts the API's field problems onto the form's inputs. A path matches a field by its full
 * name (`port`) or by its first segment (`domains.2` → `domains`); anything else, and the
 * overall message when no field matched, goes to the top of the form.
 */
export function toFormErrors(
  error: unknown,
  fieldNames: readonly string[],
  describe: (error: unknown) => string,
  describeIssue: (issue: FieldIssue) => string,
): FormErrors {
  if (!(error instanceof ApiError) || error.fields.length === 0) {
    return { fields: {}, form: describe(error) };
  }

  const fields: Record<string, string> = {};
  const unmatched: string[] = [];
  for (const issue of error.fields) {
    const name = matchField(issue.path, fieldNames);
    if (name && !fields[name]) {
      fields[name] = describeIssue(issue);
    } else if (!name) {
      unmatched.push(describeIssue(issue));
    }
  }

  if (Object.keys(fields).length === 0) {
    return { fields, form: unmatched.join(' ') || describe(error) };
  }
  return unmatched.length > 0 ? { fields, form: unmatched.join(' ') } : { fields };
}

function matchField(path: string, fieldNames: readonly string[]): string | undefined {
  if (fieldNames.includes(path)) {
    return path;
  }
  const first = path.split('.')[0] ?? '';
  return fieldNames.includes(first) ? first : undefined;
}

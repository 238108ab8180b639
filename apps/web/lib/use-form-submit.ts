'use client';

import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { type FormErrors, NO_ERRORS, toFormErrors } from './form-errors';
import { useDescribeError, useDescribeFieldIssue } from './use-describe-error';

/**
 * Submit state of one form: runs the action, sorts API errors onto the fields and then
 * moves focus to the first field in error (or to the form's alert), so keyboard and
 * screen-reader users land on what needs fixing.
 */
export function useFormSubmit(fieldNames: readonly string[]) {
  const describe = useDescribeError();
  const describeIssue = useDescribeFieldIssue();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [isSubmitting, setSubmitting] = useState(false);
  const [failures, setFailures] = useState(0);

  useEffect(() => {
    if (failures === 0) {
      return;
    }
    const form = formRef.current;
    const target = form?.querySelector<HTMLElement>('[aria-invalid="true"], [data-form-alert]');
    target?.focus();
  }, [failures]);

  const submit = useCallback(
    (action: () => Promise<void>) => async (event?: FormEvent) => {
      event?.preventDefault();
      setSubmitting(true);
      setErrors(NO_ERRORS);
      try {
        await action();
      } catch (error) {
        setErrors(toFormErrors(error, fieldNames, describe, describeIssue));
        setFailures((count) => count + 1);
      } finally {
        setSubmitting(false);
      }
    },
    [fieldNames, describe, describeIssue],
  );

  const clearFieldError = useCallback((name: string) => {
    setErrors((current) => {
      if (!current.fields[name]) {
        return current;
      }
      const { [name]: _removed, ...rest } = current.fields;
      return { ...current, fields: rest };
    });
  }, []);

  return { formRef, errors, isSubmitting, submit, clearFieldError };
}

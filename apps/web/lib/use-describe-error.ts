'use client';

import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { ApiError, NETWORK_FAILED } from './api-client';
import type { FieldIssue } from './api-types';

type Values = Record<string, string | number>;

/**
 * Words an error for the admin in the portal's language: known API codes through next-intl
 * (`apiErrors.<CODE>`, filled with the error's details), failures without an API reply
 * (network down, unexpected replies) with a message of ours.
 * Known limit: a code the portal has no text for shows the API's message, which is German.
 */
export function useDescribeError(): (error: unknown) => string {
  const t = useTranslations('errors');
  const tApi = useTranslations('apiErrors');
  const describeIssue = useDescribeFieldIssue();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        if (error.code === NETWORK_FAILED) {
          return t('network');
        }
        // Outside a form (e.g. the step-up reason in the banner) nothing is marked: say what
        // is wrong instead of "check the marked entries".
        if (error.code === 'VALIDATION_FAILED' && error.fields.length > 0) {
          return error.fields.map(describeIssue).join(' ');
        }
        if (tApi.has(error.code)) {
          return tApi(error.code, toValues(error.details));
        }
        if (error.message) {
          return error.message;
        }
      }
      return t('unknown');
    },
    [t, tApi, describeIssue],
  );
}

/**
 * Words one field problem by its code (`fieldIssues.<CODE>`, filled with its params); a code
 * the portal does not know keeps the API's German sentence.
 */
export function useDescribeFieldIssue(): (issue: FieldIssue) => string {
  const t = useTranslations('fieldIssues');
  return useCallback(
    (issue: FieldIssue) =>
      t.has(issue.code) ? t(issue.code, toTexts(issue.params ?? {})) : issue.message,
    [t],
  );
}

// As text: next-intl would group a number by locale, and port 2525 is no "2.525".
function toTexts(params: Values): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)]));
}

// next-intl formats strings and numbers; anything else in the details is not for display.
function toValues(details: Record<string, unknown>): Values {
  const values: Values = {};
  for (const [key, value] of Object.entries(details)) {
    if (typeof value === 'string' || typeof value === 'number') {
      values[key] = value;
    }
  }
  return values;
}

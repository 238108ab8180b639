'use client';

import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { ApiError, NETWORK_FAILED } from './api-client';

/**
 * Words an error for the admin. The API's own message is German and specific, so it wins;
 * only failures without one (network down, unexpected replies) get a message of ours.
 * Known limit: API messages stay German when the portal is switched to English.
 */
export function useDescribeError(): (error: unknown) => string {
  const t = useTranslations('errors');
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        if (error.code === NETWORK_FAILED) {
          return t('network');
        }
        if (error.message) {
          return error.message;
        }
      }
      return t('unknown');
    },
    [t],
  );
}

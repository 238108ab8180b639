'use client';

import { useEffect, useState } from 'react';
import { fetchSession } from './api-client';

/**
 * A CSRF token for plain HTML forms that post to the API (they cannot set the header),
 * e.g. the Microsoft sign-in start. Undefined until the session reply is in.
 */
export function useCsrfToken(): string | undefined {
  const [token, setToken] = useState<string>();
  useEffect(() => {
    let isCurrent = true;
    fetchSession()
      .then((session) => {
        if (isCurrent) {
          setToken(session.csrfToken);
        }
      })
      .catch(() => {
        // Without a token the sign-in button stays disabled; the page shows other errors.
      });
    return () => {
      isCurrent = false;
    };
  }, []);
  return token;
}

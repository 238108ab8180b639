'use client';

import { useTranslations } from 'next-intl';
import type { AuthMethod, Security, ServerRole } from '@/lib/api-types';
import { findPortHint } from '@/lib/port-security';

/** The port/encryption warning in words, or undefined when the combination can work. */
export function usePortHint(
  role: ServerRole,
  port: string,
  security: Security,
  authMethod: AuthMethod,
): string | undefined {
  const t = useTranslations('servers.portHint');
  const portNumber = Number(port.trim());
  if (!Number.isInteger(portNumber) || portNumber < 1) {
    return undefined;
  }
  const hint = findPortHint(role, portNumber, security, authMethod);
  if (!hint) {
    return undefined;
  }
  if (hint.kind === 'credentialsNeedTls') {
    return t('credentialsNeedTls');
  }
  return t(hint.kind, { port: hint.port, alternative: hint.alternative });
}

'use client';

import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import type { Settings } from '@/lib/api-types';

type SettingsContextValue = {
  /** Undefined for users who may not read tenant settings (support staff). */
  settings: Settings | undefined;
  setSettings: (settings: Settings) => void;
  /** A support session that has not been allowed changes: every save would be refused. */
  isReadOnly: boolean;
  setReadOnly: (readOnly: boolean) => void;
};

const SettingsContext = createContext<SettingsContextValue | undefined>(undefined);

type SettingsProviderProps = {
  initial: Settings | undefined;
  /** The session API's `impersonation.readOnly`; the banner's step-up lifts it. */
  readOnly?: boolean;
  children: ReactNode;
};

/**
 * Holds the tenant settings for the whole shell, so the logging reminder and the settings
 * page never disagree: whoever saves settings puts the reply here. It also holds whether the
 * session is read-only, so save buttons are off (and say why) instead of failing with a 403.
 */
export function SettingsProvider(props: SettingsProviderProps) {
  const [settings, setSettings] = useState(props.initial);
  const [isReadOnly, setReadOnly] = useState(props.readOnly ?? false);
  const value = useMemo(
    () => ({ settings, setSettings, isReadOnly, setReadOnly }),
    [settings, isReadOnly],
  );
  return <SettingsContext.Provider value={value}>{props.children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsContextValue {
  const value = useContext(SettingsContext);
  if (!value) {
    throw new Error('useSettings needs a SettingsProvider');
  }
  return value;
}

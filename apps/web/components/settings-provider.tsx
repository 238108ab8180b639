'use client';

import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import type { Settings } from '@/lib/api-types';

type SettingsContextValue = {
  /** Undefined for users who may not read tenant settings (support staff). */
  settings: Settings | undefined;
  setSettings: (settings: Settings) => void;
};

const SettingsContext = createContext<SettingsContextValue | undefined>(undefined);

/**
 * Holds the tenant settings for the whole shell, so the logging reminder and the settings
 * page never disagree: whoever saves settings puts the reply here.
 */
export function SettingsProvider(props: { initial: Settings | undefined; children: ReactNode }) {
  const [settings, setSettings] = useState(props.initial);
  const value = useMemo(() => ({ settings, setSettings }), [settings]);
  return <SettingsContext.Provider value={value}>{props.children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsContextValue {
  const value = useContext(SettingsContext);
  if (!value) {
    throw new Error('useSettings needs a SettingsProvider');
  }
  return value;
}

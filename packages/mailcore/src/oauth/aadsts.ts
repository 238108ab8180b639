/** What an admin reads for a Microsoft error, and whether the account link is beyond repair. */
export type AadstsGuidance = {
  /** German: what happened. */
  messageDe: string;
  /** German: what to do; for a missing admin consent it carries the admin-consent link. */
  actionDe: string;
  /** True when only a new sign-in helps: the stored refresh token is dead. */
  linkDead: boolean;
  /** Set when a Microsoft 365 administrator must consent for the whole organisation. */
  adminConsentUrl?: string;
};

export type GuidanceOptions = {
  /** The admin-consent link built from the configuration (see buildAdminConsentUrl). */
  adminConsentUrl?: string;
};

type GuidanceEntry = Omit<AadstsGuidance, 'adminConsentUrl'> & {
  /** The cure is an administrator's consent: the action ends with the admin-consent link. */
  needsAdminConsent?: true;
};

// Codes from Microsoft's AADSTS error reference; the texts are ours, written for a firm
// administrator who must act without knowing OAuth.
const GUIDANCE: Record<number, GuidanceEntry> = {
  65001: {
    messageDe: 'Die Einwilligung für Postwerk fehlt für dieses Konto oder wurde zurückgenommen.',
    actionDe:
      'Melden Sie sich erneut an und stimmen Sie zu. Erlaubt Ihre Organisation Benutzern keine ' +
      'Einwilligung, muss ein Microsoft-365-Administrator für die ganze Organisation zustimmen.',
    linkDead: true,
    needsAdminConsent: true,
  },
  90094: {
    messageDe: 'In Ihrer Organisation darf nur ein Administrator Postwerk den Zugriff erlauben.',
    actionDe:
      'Bitten Sie einen globalen Administrator Ihres Microsoft-365-Mandanten, Postwerk für die ' +
      'ganze Organisation zuzustimmen, und melden Sie sich danach erneut an.',
    linkDead: true,
    needsAdminConsent: true,
  },
  50076: {
    messageDe: 'Microsoft verlangt eine mehrstufige Authentifizierung (MFA).',
    actionDe: 'Melden Sie sich erneut an und bestätigen Sie die Anmeldung mit dem zweiten Faktor.',
    linkDead: true,
  },
  70008: {
    messageDe: 'Der Anmeldecode oder das Aktualisierungstoken ist abgelaufen.',
    actionDe: 'Melden Sie das Konto über [Anmelden] erneut an.',
    linkDead: true,
  },
  700082: {
    messageDe: 'Die Anmeldung ist abgelaufen, weil das Konto 90 Tage nicht verwendet wurde.',
    actionDe: 'Melden Sie das Konto über [Anmelden] erneut an.',
    linkDead: true,
  },
  50173: {
    messageDe:
      'Die Anmeldung wurde widerrufen, meist weil das Kennwort geändert oder die Sitzung ' +
      'vom Administrator beendet wurde.',
    actionDe: 'Melden Sie das Konto über [Anmelden] erneut an.',
    linkDead: true,
  },
  50194: {
    messageDe: 'Die Postwerk-App ist nur für einen bestimmten Mandanten registriert.',
    actionDe:
      'Tragen Sie in der Konfiguration statt „common“ die Mandanten-ID oder Domäne Ihres ' +
      'Microsoft-365-Mandanten ein (MS_TENANT), oder registrieren Sie die App mehrinstanzenfähig.',
    linkDead: false,
  },
  54005: {
    messageDe: 'Dieser Anmeldecode wurde bereits verwendet.',
    actionDe: 'Starten Sie die Anmeldung erneut über [Anmelden].',
    linkDead: false,
  },
  7000215: {
    messageDe: 'Das Client-Geheimnis der Postwerk-App ist ungültig oder abgelaufen.',
    actionDe:
      'Der Betreiber von Postwerk muss ein neues Client-Geheimnis in der App-Registrierung ' +
      'erstellen und in MS_CLIENT_SECRET hinterlegen.',
    linkDead: false,
  },
};

const UNKNOWN: AadstsGuidance = {
  messageDe: 'Microsoft hat die Anmeldung abgelehnt.',
  actionDe:
    'Melden Sie das Konto über [Anmelden] erneut an. Hilft das nicht, wenden Sie sich an den Support.',
  linkDead: false,
};

/** The AADSTS codes whose German guidance must never fall back to the generic text. */
export const GUIDED_AADSTS_CODES = Object.keys(GUIDANCE).map(Number);

/**
 * Guidance for the first known AADSTS code in `codes`, or a generic text. For a missing
 * admin consent the action hands over the admin-consent link, so the firm admin can pass it
 * on to whoever administers their Microsoft 365.
 */
export function guidanceForAadsts(
  codes: readonly number[],
  options: GuidanceOptions = {},
): AadstsGuidance & { code?: number } {
  for (const code of codes) {
    const entry = GUIDANCE[code];
    if (entry) {
      const { needsAdminConsent, ...guidance } = entry;
      const url = needsAdminConsent ? options.adminConsentUrl : undefined;
      if (!url) {
        return { ...guidance, code };
      }
      const actionDe = `${guidance.actionDe} ${adminConsentSentence(url)}`;
      return { ...guidance, actionDe, adminConsentUrl: url, code };
    }
  }
  return UNKNOWN;
}

/** The German sentence that hands over the admin-consent link. */
export function adminConsentSentence(url: string): string {
  return `Link zur Administratoreinwilligung für Ihren Microsoft-365-Administrator: ${url}`;
}

/** Guidance for a code as stored on a dead link (`AADSTS700082`), or the generic text. */
export function guidanceForStoredCode(
  code: string | null | undefined,
  options: GuidanceOptions = {},
): AadstsGuidance & { code?: number } {
  const number = /^AADSTS(\d+)$/.exec(code ?? '')?.[1];
  return guidanceForAadsts(number ? [Number(number)] : [], options);
}

/** Pulls `AADSTS12345` codes out of an `error_description`. */
export function parseAadstsCodes(text: string): number[] {
  return [...text.matchAll(/AADSTS(\d+)/g)].map((match) => Number(match[1]));
}

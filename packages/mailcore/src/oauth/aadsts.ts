/** What an admin reads for a Microsoft error, and whether the account link is beyond repair. */
export type AadstsGuidance = {
  /** German: what happened. */
  messageDe: string;
  /** German: what to do. */
  actionDe: string;
  /** True when only a new sign-in helps: the stored refresh token is dead. */
  linkDead: boolean;
};

// Codes from Microsoft's AADSTS error reference; the texts are ours, written for a firm
// administrator who must act without knowing OAuth.
const GUIDANCE: Record<number, AadstsGuidance> = {
  65001: {
    messageDe: 'Die Einwilligung für Postwerk fehlt für dieses Konto.',
    actionDe:
      'Melden Sie sich erneut an und stimmen Sie zu. Erlaubt Ihre Organisation Benutzern keine ' +
      'Einwilligung, muss ein Microsoft-365-Administrator zustimmen (Administratoreinwilligung).',
    linkDead: true,
  },
  90094: {
    messageDe: 'Für Postwerk ist eine Administratoreinwilligung erforderlich.',
    actionDe:
      'Bitten Sie einen globalen Administrator Ihres Microsoft-365-Mandanten, Postwerk über den ' +
      'Link zur Administratoreinwilligung zuzustimmen, und melden Sie sich danach erneut an.',
    linkDead: true,
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

/** Guidance for the first known AADSTS code in `codes`, or a generic text. */
export function guidanceForAadsts(codes: readonly number[]): AadstsGuidance & { code?: number } {
  for (const code of codes) {
    const guidance = GUIDANCE[code];
    if (guidance) {
      return { ...guidance, code };
    }
  }
  return UNKNOWN;
}

/** Pulls `AADSTS12345` codes out of an `error_description`. */
export function parseAadstsCodes(text: string): number[] {
  return [...text.matchAll(/AADSTS(\d+)/g)].map((match) => Number(match[1]));
}

import { escapeHtml, renderPage } from './layout.ts';

export interface ConsentPageOptions {
  action: string;
  requestId: string;
  appName: string;
  email: string;
  /** Full scope strings as requested, e.g. `https://outlook.office.com/SMTP.Send`. */
  scopes: string[];
  /** `prompt=admin_consent`: the admin consents for the whole organisation. */
  forOrganization: boolean;
}

const SCOPE_TEXTS: Record<string, string> = {
  openid: 'Sie anmelden',
  profile: 'Ihr Basisprofil anzeigen',
  email: 'Ihre E-Mail-Adresse anzeigen',
  offline_access: 'Zugriff auf Daten beibehalten, für die Sie Zugriff erteilt haben',
  'SMTP.Send': 'E-Mails in Ihrem Namen über SMTP senden',
  'POP.AccessAsUser.All': 'Per POP auf Ihr Postfach zugreifen',
  'IMAP.AccessAsUser.All': 'Per IMAP auf Ihr Postfach zugreifen',
};

/** The permission page with "Akzeptieren" and "Abbrechen". */
export function renderConsentPage(options: ConsentPageOptions): string {
  const items = options.scopes
    .map((scope) => {
      const short = scope.slice(scope.lastIndexOf('/') + 1);
      const text = SCOPE_TEXTS[short] ?? short;
      return `<li>${escapeHtml(text)} <span class="trace">(${escapeHtml(scope)})</span></li>`;
    })
    .join('\n');
  const forWhom = options.forOrganization
    ? '<p>Sie stimmen im Namen Ihrer gesamten Organisation zu.</p>'
    : '';
  const body = `<h1>Angeforderte Berechtigungen</h1>
<p>${escapeHtml(options.email)}</p>
<p>${escapeHtml(options.appName)} möchte:</p>
<ul class="scopes">
${items}
</ul>
${forWhom}
<form method="post" action="${escapeHtml(options.action)}">
<input type="hidden" name="ctx" value="${escapeHtml(options.requestId)}">
<div class="actions">
<button type="submit" name="action" value="accept">Akzeptieren</button>
<button type="submit" name="action" value="cancel" class="secondary">Abbrechen</button>
</div>
</form>`;
  return renderPage({ title: 'Angeforderte Berechtigungen', body });
}

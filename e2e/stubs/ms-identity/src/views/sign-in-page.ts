import { escapeHtml, renderPage } from './layout.ts';

export interface SignInPageOptions {
  /** Form target, e.g. `/common/login`. */
  action: string;
  requestId: string;
  appName: string;
  email?: string;
  /** Shown above the form after a failed attempt. */
  error?: string;
}

/** The sign-in form: e-mail and password, like Microsoft's page but on one step. */
export function renderSignInPage(options: SignInPageOptions): string {
  const error = options.error
    ? `<p class="error" role="alert" id="sign-in-error">${escapeHtml(options.error)}</p>`
    : '';
  const describedBy = options.error ? ' aria-describedby="sign-in-error"' : '';
  const body = `<h1>Anmelden</h1>
<p>Weiter zu ${escapeHtml(options.appName)}</p>
${error}
<form method="post" action="${escapeHtml(options.action)}">
<input type="hidden" name="ctx" value="${escapeHtml(options.requestId)}">
<label for="login">E-Mail-Adresse</label>
<input id="login" name="login" type="email" autocomplete="username" required
  value="${escapeHtml(options.email ?? '')}"${describedBy}>
<label for="passwd">Kennwort</label>
<input id="passwd" name="passwd" type="password" autocomplete="current-password" required>
<div class="actions"><button type="submit">Anmelden</button></div>
</form>`;
  return renderPage({ title: 'Anmelden', body });
}

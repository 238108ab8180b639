import { escapeHtml, renderPage } from './layout.ts';

/**
 * Microsoft shows some failures on its own page instead of redirecting: an unknown app, a
 * redirect URI that is not registered (sending the user there would be an open redirect),
 * an expired sign-in flow.
 */
export function renderErrorPage(description: string): string {
  const [headline = '', ...trace] = description.split('\r\n');
  const body = `<h1>Bei der Anmeldung ist ein Problem aufgetreten.</h1>
<p class="error" role="alert">${escapeHtml(headline)}</p>
<p class="trace">${escapeHtml(trace.join('\n'))}</p>`;
  return renderPage({ title: 'Fehler bei der Anmeldung', body });
}

/** Answers for `response_mode=form_post`: the browser posts the result to the app. */
export function renderFormPostPage(target: string, params: Record<string, string>): string {
  const fields = Object.entries(params)
    .map(([name, value]) => {
      return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
    })
    .join('\n');
  const body = `<h1>Weiterleitung</h1>
<form method="post" action="${escapeHtml(target)}">
${fields}
<noscript><button type="submit">Weiter</button></noscript>
</form>
<script>document.forms[0].submit();</script>`;
  return renderPage({ title: 'Weiterleitung', body });
}
